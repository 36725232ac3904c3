import { UpstreamError } from '@sluice/errors';
import { chatCompletionOfResponse, fromResponseUsage } from '@sluice/providers';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from './call-dependencies';
import type { CallOutcome, NativeResponsesCacheEntry, StreamSink } from './call-outcome';
import { type NativeResponse, parseNativeJson, relayNativeResponses } from './relay-native-responses';
import { sendUpstream, throwIfRefused } from './send-upstream';

/**
 * A Responses API request on an account with `responses: native`: the body as the client sent it (with the
 * target's model and override_params) goes to the provider's `/responses`, and its answer — a response object, or
 * its stream's events as server-sent event text (relayNativeResponses) — is relayed as it came. When the response
 * cache keys the request as it came, the answer is also kept as relayed, for the cache to store. See docs/responses-api.md.
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
    const parsed = parseNativeJson<NativeResponse>(text);
    return {
      body: text,
      usage: fromResponseUsage(parsed.usage),
      servedModel: parsed.model ?? target.model,
      ttftMs: Date.now() - startedAt,
      dialect: 'responses',
      cacheEntry: cached ? cacheEntryOf(text, parsed) : undefined,
    };
  }
  return relayNativeResponses({
    body: response.body,
    sink,
    signal,
    model: target.model,
    startedAt,
    cacheEntryOf: cached ? cacheEntryOf : undefined,
  });
}

/** The cache's copy of an answer that finished (completed, or incomplete at its limit); none of a failed one. */
function cacheEntryOf(native: string, response: unknown): NativeResponsesCacheEntry | undefined {
  if ((response as { status?: unknown } | undefined)?.status === 'failed') return undefined;
  const completion = chatCompletionOfResponse(response);
  return completion && { native, completion: JSON.stringify(completion) };
}
