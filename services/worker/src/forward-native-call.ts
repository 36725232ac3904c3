import { mayEscapeLetters, replaceTopLevelString } from '@sluice/json-input';
import {
  type ProviderAdapter,
  type ProviderCallContext,
  readUpstreamChunks,
  toAnthropicForwardRequest,
  toGeminiForwardRequest,
  type UpstreamRequest,
  type UpstreamResponse,
  type Usage,
} from '@sluice/providers';
import type { NativeCall, PlannedTarget, ProviderJob } from '@sluice/queues';
import type { CallOutcome, StreamSink } from './call-outcome';
import { readUpstreamPart } from './read-upstream-part';
import { relayedStreamOutcome, StreamedCompletion } from './streamed-completion';

/**
 * The body a target of the request's own dialect receives: the client's bytes as they came, unless the target names
 * another model or sets override_params — then those fields, and only those, are replaced: an Anthropic body's model
 * alone in its text (replaceTopLevelString), anything more in the body parsed. Gemini names the model in the URL, not
 * the body; a batch of embeddings names it in each request, which must match the URL's.
 */
export function forwardedBody(native: NativeCall, target: PlannedTarget, requestedModel: string): string {
  const overrides = Object.keys(target.overrideParams).length > 0;
  if (target.model === requestedModel && !overrides) return native.body;
  const modelReplaced =
    native.dialect === 'anthropic' && !overrides && !mayEscapeLetters(native.body)
      ? replaceTopLevelString(native.body, 'model', target.model)
      : undefined;
  if (modelReplaced !== undefined) return modelReplaced;
  const parsed = JSON.parse(native.body) as Record<string, unknown>;
  if (native.dialect === 'anthropic')
    return JSON.stringify({ ...parsed, ...target.overrideParams, model: target.model });
  const renamed = { ...parsed, ...target.overrideParams };
  if (native.method === 'batchEmbedContents' && Array.isArray(parsed.requests))
    renamed.requests = parsed.requests.map((request: unknown) =>
      request !== null && typeof request === 'object' ? { ...request, model: `models/${target.model}` } : request,
    );
  return JSON.stringify(renamed);
}

/** The upstream request of a call forwarded as it came (`/v1/messages`, its token count, or a Gemini method). */
export function forwardedRequest(
  job: ProviderJob,
  native: NativeCall,
  target: PlannedTarget,
  context: ProviderCallContext,
): UpstreamRequest {
  const body = forwardedBody(native, target, job.context.requestedModel);
  if (native.dialect === 'gemini') return toGeminiForwardRequest({ body, method: native.method ?? '' }, context);
  return toAnthropicForwardRequest(
    { ...native, body },
    context,
    job.kind === 'count_tokens' ? 'count_tokens' : 'messages',
  );
}

/** A forwarded token count: the provider's answer for the client, and for the log; it uses no tokens itself. */
export function forwardedCount(text: string, servedModel: string, startedAt: number): CallOutcome {
  return { body: text, nativeBody: text, usage: undefined, servedModel, ttftMs: Date.now() - startedAt };
}

/** A forwarded Gemini embedding: the provider's answer for the client and the log, its prompt tokens for the cost. */
export function forwardedEmbeddings(text: string, parsed: unknown, servedModel: string): CallOutcome {
  const promptTokens = promptTokenCountOf(parsed);
  return {
    body: text,
    nativeBody: text,
    usage: { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens },
    servedModel,
    ttftMs: undefined,
  };
}

/** `usageMetadata.promptTokenCount` of a Gemini answer; 0 when it reports none. */
function promptTokenCountOf(parsed: unknown): number {
  const usage = (parsed as { usageMetadata?: { promptTokenCount?: unknown } } | null)?.usageMetadata;
  const count = usage?.promptTokenCount;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0;
}

interface ForwardOptions {
  response: UpstreamResponse;
  adapter: ProviderAdapter;
  context: ProviderCallContext;
  startedAt: number;
  fallbackModel: string;
}

/**
 * A forwarded, non-streamed answer: the client gets the provider's bytes; the log and the response cache get its
 * OpenAI form (what the rest of Sluice reads: usage, text, tool calls).
 */
export function forwardedResult(text: string, parsed: unknown, options: ForwardOptions): CallOutcome {
  const completion = options.adapter.fromChatResponse(parsed, options.context);
  return {
    body: JSON.stringify(completion),
    nativeBody: text,
    usage: completion.usage,
    servedModel: completion.model ?? options.fallbackModel,
    ttftMs: Date.now() - options.startedAt,
  };
}

/**
 * A forwarded stream: relayed to the client as the provider sent it, piece by piece as the network delivers it, and
 * read on the way for usage and for the answer the log and the response cache keep. Nothing is relayed before the
 * first complete event has been read, so an error that opens the stream may still be retried or fall back; an error
 * event later ends the client's stream with Sluice's error event, as on every stream. `keepText`: the relayed text is
 * also kept whole (`nativeBody`), for the response cache to store as it came.
 */
export async function relayForwardedStream(
  options: ForwardOptions & { sink: StreamSink; signal: AbortSignal; keepText: boolean },
): Promise<CallOutcome> {
  const { sink } = options;
  const relayed: string[] = [];
  const translator = options.adapter.createChatStreamTranslator(options.context);
  const assembled = new StreamedCompletion();
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.fallbackModel;
  let held = '';
  const chunks = readUpstreamChunks(options.response.body);
  try {
    for (
      let next = await readUpstreamPart(chunks, options.signal);
      !next.done;
      next = await readUpstreamPart(chunks, options.signal)
    ) {
      const chunk = next.value;
      for (const event of chunk.events) {
        for (const translated of translator.fromUpstreamEvent(event)) {
          if (translated.usage) usage = translated.usage;
          assembled.add(translated);
          if (translated.model) servedModel = translated.model;
        }
      }
      if (ttftMs === undefined) {
        held += chunk.text;
        if (chunk.events.length === 0) continue;
        ttftMs = Date.now() - options.startedAt;
        await sink.started({ servedModel, chunks: [held], native: true });
        if (options.keepText) relayed.push(held);
      } else if (chunk.text !== '') {
        await sink.chunks([chunk.text]);
        if (options.keepText) relayed.push(chunk.text);
      }
    }
  } finally {
    await chunks.return(undefined);
  }
  return {
    ...relayedStreamOutcome({ translator, assembled, usage }, servedModel, ttftMs),
    nativeBody: options.keepText ? relayed.join('') : undefined,
  };
}
