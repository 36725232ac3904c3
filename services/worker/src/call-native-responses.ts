import { UpstreamError } from '@sluice/errors';
import { fromResponseUsage, readUpstreamEvents, type Usage } from '@sluice/providers';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { type CallDependencies, callContext } from './call-dependencies';
import type { CallOutcome, StreamSink } from './call-outcome';
import { sendUpstream, throwIfRefused } from './send-upstream';

/** The stream events that end a Responses stream and carry the finished response. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/**
 * A Responses API request on an account with `responses: native`: the body as the client sent it (with the
 * target's model and override_params) goes to the provider's `/responses`, and its answer — a response object, or
 * each stream event as server-sent event text — is relayed as it came. See docs/responses-api.md.
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
  if (!job.stream) {
    const text = await response.body.text();
    const parsed = parseResponse(text);
    return {
      body: text,
      usage: fromResponseUsage(parsed.usage),
      servedModel: parsed.model ?? target.model,
      ttftMs: Date.now() - startedAt,
      dialect: 'responses',
    };
  }
  return relayNativeStream(response.body, sink, target.model, startedAt);
}

async function relayNativeStream(
  body: AsyncIterable<Buffer>,
  sink: StreamSink,
  model: string,
  startedAt: number,
): Promise<CallOutcome> {
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = model;
  let finalResponse: string | undefined;
  try {
    for await (const event of readUpstreamEvents(body)) {
      if (event.data === '[DONE]') continue;
      const type = event.event ?? '';
      const chunks = [`event: ${type}\ndata: ${event.data}\n\n`];
      if (ttftMs === undefined) {
        ttftMs = Date.now() - startedAt;
        await sink.started({ servedModel, chunks });
      } else await sink.chunks(chunks);
      if (FINAL_EVENTS.has(type)) {
        const final = parseResponse(event.data).response as { usage?: unknown; model?: string } | undefined;
        usage = fromResponseUsage(final?.usage as Parameters<typeof fromResponseUsage>[0]);
        servedModel = final?.model ?? servedModel;
        finalResponse = JSON.stringify(final);
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
  return { body: undefined, usage, servedModel, ttftMs, streamedBody: finalResponse, dialect: 'responses' };
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
