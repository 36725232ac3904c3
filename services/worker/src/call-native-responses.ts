import { UpstreamError } from '@sluice/errors';
import { chatCompletionOfResponse, fromResponseUsage, readUpstreamEvents, type Usage } from '@sluice/providers';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from './call-dependencies';
import type { CallOutcome, NativeResponsesCacheEntry, StreamSink } from './call-outcome';
import { sendUpstream, throwIfRefused } from './send-upstream';

/** The stream events that end a Responses stream and carry the finished response. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * A Responses API request on an account with `responses: native`: the body as the client sent it (with the
 * target's model and override_params) goes to the provider's `/responses`, and its answer — a response object, or
 * each stream event as server-sent event text — is relayed as it came. When the response cache keys the request as it
 * came, the answer is also kept as relayed, for the cache to store. See docs/responses-api.md.
 */
export async function callNativeResponses(
  job: ProviderJob & { responses: NonNullable<ProviderJob['responses']> },
  target: PlannedTarget,
  dependencies: CallDependencies,
  signal: AbortSignal,
  sink: StreamSink,
): Promise<CallOutcome> {
  const context = callContext(dependencies, target);
  const { adapter } = dependencies;
  if (!adapter.toResponsesRequest)
    throw new UpstreamError({ message: 'the provider does not serve the Responses API', kind: 'status', status: 400 });
  const body = { ...job.responses.body, ...target.overrideParams, stream: job.stream };
  const request = adapter.toResponsesRequest(body, context);
  const startedAt = Date.now();
  const response = await sendUpstream(request, job, target, dependencies, signal);
  await throwIfRefused(response, dependencies);
  const cached = job.context.cache?.nativeKey !== undefined;
  if (!job.stream) {
    const text = await response.body.text();
    const parsed = parseResponse(text);
    return {
      body: text,
      usage: fromResponseUsage(parsed.usage),
      servedModel: parsed.model ?? target.model,
      ttftMs: Date.now() - startedAt,
      dialect: 'responses',
      cacheEntry: cached ? cacheEntryOf(text, parsed) : undefined,
    };
  }
  return relayNativeStream(response.body, sink, { model: target.model, startedAt, cached });
}

async function relayNativeStream(
  body: AsyncIterable<Buffer>,
  sink: StreamSink,
  options: { model: string; startedAt: number; cached: boolean },
): Promise<CallOutcome> {
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.model;
  let finalResponse: string | undefined;
  let cacheEntry: NativeResponsesCacheEntry | undefined;
  const relayed: string[] = [];
  try {
    for await (const event of readUpstreamEvents(body)) {
      if (event.data === '[DONE]') continue;
      const type = event.event ?? '';
      const chunks = [`event: ${type}\ndata: ${event.data}\n\n`];
      if (ttftMs === undefined) {
        ttftMs = Date.now() - options.startedAt;
        await sink.started({ servedModel, chunks });
      } else await sink.chunks(chunks);
      if (options.cached) relayed.push(...chunks);
      if (FINAL_EVENTS.has(type)) {
        const final = parseResponse(event.data).response as { usage?: unknown; model?: string } | undefined;
        usage = fromResponseUsage(final?.usage as Parameters<typeof fromResponseUsage>[0]);
        servedModel = final?.model ?? servedModel;
        finalResponse = JSON.stringify(final);
        if (options.cached) cacheEntry = cacheEntryOf(relayed.join(''), final);
      }
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError({
      message: 'the provider closed the stream before it ended',
      kind: 'network',
      cause: error,
    });
  }
  return { body: undefined, usage, servedModel, ttftMs, streamedBody: finalResponse, dialect: 'responses', cacheEntry };
}

/** The cache's copy of an answer that finished (completed, or incomplete at its limit); none of a failed one. */
function cacheEntryOf(native: string, response: unknown): NativeResponsesCacheEntry | undefined {
  if ((response as { status?: unknown } | undefined)?.status === 'failed') return undefined;
  const completion = chatCompletionOfResponse(response);
  return completion && { native, completion: JSON.stringify(completion) };
}

function parseResponse(text: string): {
  usage?: Parameters<typeof fromResponseUsage>[0];
  model?: string;
  response?: unknown;
} {
  try {
    return JSON.parse(text) as { model?: string };
  } catch (error) {
    throw new UpstreamError({
      message: 'the provider answered with invalid JSON',
      kind: 'status',
      status: 502,
      retryable: true,
      cause: error,
    });
  }
}
