import { UpstreamInvalidResponseError } from '@sluice/errors';
import {
  parseUpstreamJson,
  readUpstreamEvents,
  rerankUsage,
  type UpstreamResponse,
  type Usage,
} from '@sluice/providers';
import type { ForwardedCall, PlannedTarget, ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from './call-dependencies';
import type { CallOutcome, StreamSink } from './call-outcome';
import { readUpstreamBody } from './read-upstream-body';
import { readUpstreamPart } from './read-upstream-part';
import { sendUpstream, throwIfRefused } from './send-upstream';

interface ForwardedBody {
  text: string;
  /** The client did not ask for the usage chunk, which Sluice asked for (for exact cost): it is not relayed. */
  hidesUsage: boolean;
}

/**
 * The body an account serving the operation receives: the client's bytes as they came, unless the target names
 * another model, sets override_params, or the stream must be asked for its usage — then those fields, and only those,
 * are replaced.
 */
export function forwardedOpenAIBody(forwarded: ForwardedCall, target: PlannedTarget, job: ProviderJob): ForwardedBody {
  const overrides = Object.keys(target.overrideParams).length > 0;
  const askedUsage = (job.body.stream_options as { include_usage?: boolean } | null | undefined)?.include_usage;
  const addsUsage = job.stream && askedUsage !== true;
  if (target.model === job.context.requestedModel && !overrides && !addsUsage)
    return { text: forwarded.body, hidesUsage: false };
  const parsed = JSON.parse(forwarded.body) as Record<string, unknown>;
  const streamOptions = addsUsage
    ? { stream_options: { ...(parsed.stream_options as object | undefined), include_usage: true } }
    : {};
  return {
    text: JSON.stringify({ ...parsed, ...target.overrideParams, ...streamOptions, model: target.model }),
    hidesUsage: addsUsage,
  };
}

/**
 * A `/v1/completions`, `/v1/moderations` or `/v1/rerank` call on an account that serves it: the request as it came
 * (forwardedOpenAIBody), and the provider's answer — JSON, or each stream event — relayed as it came, read only for
 * the usage and searches the log prices.
 */
export async function callForwardedOperation(
  job: ProviderJob & { forwarded: ForwardedCall },
  target: PlannedTarget,
  dependencies: CallDependencies,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<CallOutcome> {
  const context = callContext(dependencies, target);
  const { adapter } = dependencies;
  const { operation } = job.forwarded;
  if (!adapter.toForwardedRequest)
    throw new Error(`a ${dependencies.account.type} account does not serve ${operation}`);
  const body = forwardedOpenAIBody(job.forwarded, target, job);
  const request = adapter.toForwardedRequest(operation, body.text, context);
  const startedAt = Date.now();
  const response = await sendUpstream(request, job, target, dependencies, signal);
  await throwIfRefused(response, dependencies);
  if (job.stream) {
    const provider = dependencies.account.type;
    return relayForwardedEvents({ response, sink, signal, startedAt, target, provider, hidesUsage: body.hidesUsage });
  }
  const text = await readUpstreamBody(response.body, signal);
  const parsed = parseUpstreamJson(text, dependencies.account.type, 'the answer') as { model?: unknown; usage?: Usage };
  return {
    body: text,
    nativeBody: text,
    usage: operation === 'rerank' ? rerankCallUsage(parsed, job.forwarded) : (parsed.usage ?? undefined),
    servedModel: typeof parsed.model === 'string' ? parsed.model : target.model,
    ttftMs: Date.now() - startedAt,
  };
}

function rerankCallUsage(answer: unknown, forwarded: ForwardedCall): Usage {
  const documents = (JSON.parse(forwarded.body) as { documents?: unknown[] }).documents?.length ?? 0;
  const usage = rerankUsage(answer, documents);
  return {
    prompt_tokens: usage.tokens,
    completion_tokens: 0,
    total_tokens: usage.tokens,
    search_units: usage.searchUnits,
  };
}

interface RelayOptions {
  response: UpstreamResponse;
  sink: StreamSink;
  signal: AbortSignal;
  startedAt: number;
  target: PlannedTarget;
  /** The account's type, which an invalid answer's error names. */
  provider: string;
  hidesUsage: boolean;
}

interface TextCompletionChunk {
  model?: string;
  choices?: { index?: number; text?: string; finish_reason?: string | null }[];
  usage?: Usage | null;
}

/**
 * A forwarded completions stream: each event relayed as the provider sent it (`data: …`), the usage-only chunk
 * dropped when Sluice asked for it on the client's behalf. Nothing is relayed before the first event has been read,
 * so a failure that opens the stream may still be retried or fall back. A stream that ends without `[DONE]` is an
 * invalid answer.
 */
async function relayForwardedEvents(options: RelayOptions): Promise<CallOutcome> {
  const events = readUpstreamEvents(options.response.body);
  const texts: string[] = [];
  const finishReasons: (string | null)[] = [];
  let usage: Usage | undefined;
  let servedModel = options.target.model;
  let ttftMs: number | undefined;
  let done = false;
  try {
    for (
      let next = await readUpstreamPart(events, options.signal);
      !next.done;
      next = await readUpstreamPart(events, options.signal)
    ) {
      const { data } = next.value;
      if (data === '[DONE]') done = true;
      const chunk = done ? undefined : readChunk(data, options.provider);
      if (chunk?.usage) usage = chunk.usage;
      for (const choice of chunk?.choices ?? []) {
        const index = choice.index ?? 0;
        texts[index] = (texts[index] ?? '') + (choice.text ?? '');
        finishReasons[index] = choice.finish_reason ?? finishReasons[index] ?? null;
      }
      if (options.hidesUsage && chunk?.usage && (chunk.choices ?? []).length === 0) continue;
      const chunks = [`data: ${data}\n\n`];
      if (ttftMs === undefined) {
        ttftMs = Date.now() - options.startedAt;
        servedModel = chunk?.model ?? servedModel;
        await options.sink.started({ servedModel, chunks, native: true });
      } else await options.sink.chunks(chunks);
    }
  } finally {
    await events.return(undefined);
  }
  if (!done) throw new UpstreamInvalidResponseError(options.provider, 'the stream ended before its [DONE] event');
  const assembled = {
    object: 'text_completion',
    model: servedModel,
    choices: texts.map((text, index) => ({ index, text, finish_reason: finishReasons[index] ?? null })),
    ...(usage ? { usage } : {}),
  };
  return { body: undefined, usage, servedModel, ttftMs, streamedBody: JSON.stringify(assembled) };
}

function readChunk(data: string, provider: string): TextCompletionChunk {
  try {
    return JSON.parse(data) as TextCompletionChunk;
  } catch (error) {
    throw new UpstreamInvalidResponseError(provider, 'a completions stream event is not JSON', error);
  }
}
