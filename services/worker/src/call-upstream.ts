import { InvalidRequestError, zodProblems } from '@sluice/errors';
import {
  type ChatCompletionRequest,
  ChatCompletionRequestSchema,
  EmbeddingsRequestSchema,
  type ProviderCallContext,
  parseUpstreamJson,
  servesForwardedOperation,
  type UpstreamRequest,
} from '@sluice/providers';
import { canonicalBodyOf, type PlannedTarget, type ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from './call-dependencies';
import { callNativeResponses } from './call-native-responses';
import type { CallOutcome, StreamSink } from './call-outcome';
import { chatRequestText } from './chat-request-text';
import {
  forwardedCount,
  forwardedEmbeddings,
  forwardedRequest,
  forwardedResult,
  relayForwardedStream,
} from './forward-native-call';
import { callForwardedOperation } from './forward-openai-call';
import { callMedia, isMediaJob } from './media/call-media';
import { readUpstreamBody } from './read-upstream-body';
import { relayStream } from './relay-stream';
import { sendUpstream, throwIfRefused } from './send-upstream';

/**
 * One upstream call for one target: translate, send, translate back — or forward it as it came: a request in the
 * account's own dialect (`/v1/messages` on an Anthropic account, a Gemini method on a Gemini account), a completions,
 * moderations or rerank request on an account serving it. The transport and the provider's answer fail as
 * UpstreamErrors; a request the target cannot take is a 4xx SluiceError; anything else thrown is Sluice's own failure.
 */
export async function callUpstream(
  job: ProviderJob,
  target: PlannedTarget,
  dependencies: CallDependencies,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<CallOutcome> {
  if (isMediaJob(job)) return callMedia({ job, target, dependencies, signal, sink });
  if (job.responses && dependencies.account.responses === 'native')
    return callNativeResponses({ ...job, responses: job.responses }, target, dependencies, signal, sink);
  if (job.forwarded && servesForwardedOperation(dependencies.account, job.forwarded.operation))
    return callForwardedOperation({ ...job, forwarded: job.forwarded }, target, dependencies, signal, sink);
  if (job.kind === 'moderations' || job.kind === 'rerank')
    throw new InvalidRequestError(
      `provider "${target.provider}" (type ${dependencies.account.type}) does not serve ${job.kind}`,
      { code: 'unsupported_endpoint' },
    );
  const context = callContext(dependencies, target);
  const { adapter } = dependencies;
  const chatLike = job.kind === 'chat' || job.kind === 'completions';
  const native = job.native?.dialect === dependencies.account.type ? job.native : undefined;
  const request = native
    ? forwardedRequest(job, native, target, context)
    : chatLike
      ? chatRequestOf(job, target, adapter, context)
      : adapter.toEmbeddingsRequest(checkedBody(EmbeddingsRequestSchema, job.body, target), context);
  const startedAt = Date.now();
  const response = await sendUpstream(request, job, target, dependencies, signal);
  await throwIfRefused(response, dependencies);
  const forwardOptions = { response, adapter, context, startedAt, fallbackModel: target.model };
  if (native && job.stream)
    return relayForwardedStream({
      ...forwardOptions,
      sink,
      signal,
      keepText: job.context.cache?.nativeKey !== undefined,
    });
  if (chatLike && job.stream) {
    const wantsUsage = (job.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    return relayStream({
      response,
      adapter,
      context,
      sink,
      signal,
      wantsUsage,
      textLiterals: job.responses?.textLiterals === true,
      eventText: job.openAIEvents === true && adapter.speaksOpenAI && job.responses === undefined,
      startedAt,
      fallbackModel: target.model,
    });
  }
  const text = await readUpstreamBody(response.body, signal);
  if (native && job.kind === 'count_tokens') return forwardedCount(text, target.model, startedAt);
  const parsed = parseUpstreamJson(text, dependencies.account.type, 'the answer');
  if (native && job.kind === 'embeddings') return forwardedEmbeddings(text, parsed, target.model);
  if (native) return forwardedResult(text, parsed, forwardOptions);
  if (job.kind === 'embeddings') {
    const embeddings = adapter.fromEmbeddingsResponse(
      parsed,
      context,
      checkedBody(EmbeddingsRequestSchema, job.body, target),
    );
    return {
      body: adapter.speaksOpenAI ? text : JSON.stringify(embeddings),
      usage: { ...embeddings.usage, completion_tokens: 0 },
      servedModel: embeddings.model ?? target.model,
      ttftMs: undefined,
      loggedAsJson: true,
    };
  }
  const completion = adapter.fromChatResponse(parsed, context);
  return {
    body: adapter.speaksOpenAI ? text : JSON.stringify(completion),
    usage: completion.usage,
    servedModel: completion.model ?? target.model,
    ttftMs: Date.now() - startedAt,
    loggedAsJson: true,
  };
}

/**
 * A chat job's upstream request: the client's text as it came where the account speaks OpenAI's dialect and the
 * target needs no more than chatRequestText replaces, else translated from the canonical body.
 */
function chatRequestOf(
  job: ProviderJob,
  target: PlannedTarget,
  adapter: CallDependencies['adapter'],
  context: ProviderCallContext,
): UpstreamRequest {
  const text = adapter.toChatRequestText && chatRequestText(job, target);
  if (text !== undefined && adapter.toChatRequestText) return adapter.toChatRequestText(text, context);
  return adapter.toChatRequest(
    upstreamChatRequest(checkedBody(ChatCompletionRequestSchema, canonicalBodyOf(job), target), job.stream),
    context,
  );
}

/**
 * The body as the upstream request is built from it, with the target's override_params. Every entry point validated
 * it against the same schema (the route, the job submission, the batch line), so it is checked again only when the
 * target's override_params change it: that must still be a valid request, a 400 otherwise, never retried. (The schemas only check, they transform
 * nothing; zod was 9% of the worker thread's busy time on 45 KB agent conversations, BENCHMARKS.md.)
 */
function checkedBody<T>(
  schema: Parameters<typeof validated<T>>[0],
  body: Record<string, unknown>,
  target: PlannedTarget,
): T {
  if (Object.keys(target.overrideParams).length === 0) return body as T;
  return validated(schema, { ...body, ...target.overrideParams });
}

function validated<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  body: unknown,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw InvalidRequestError.fromProblems('request after override_params', zodProblems(parsed.error.issues));
  return parsed.data;
}

/** Streams always ask for usage upstream, so cost is exact; the usage chunk reaches the client only if it asked. */
function upstreamChatRequest(request: ChatCompletionRequest, stream: boolean): ChatCompletionRequest {
  if (!stream) return { ...request, stream: false };
  return { ...request, stream: true, stream_options: { ...request.stream_options, include_usage: true } };
}
