import {
  type ProviderAdapter,
  type ProviderCallContext,
  readUpstreamEvents,
  type UpstreamResponse,
  type Usage,
} from '@sluice/providers';
import type { CallOutcome, StreamSink } from './call-outcome';
import { readUpstreamPart } from './read-upstream-part';
import { StreamedCompletion } from './streamed-completion';

interface RelayOptions {
  response: UpstreamResponse;
  adapter: ProviderAdapter;
  context: ProviderCallContext;
  sink: StreamSink;
  signal: AbortSignal;
  wantsUsage: boolean;
  startedAt: number;
  fallbackModel: string;
}

/**
 * Relays a provider's stream chunk by chunk as it arrives. Until the first chunk is relayed a failure is an
 * ordinary UpstreamError (so the job may retry or fall back); after it, the failure ends the client's stream.
 * Only reading the provider's stream can fail as the provider's fault: a sink (reply delivery) that throws is
 * Sluice's own failure, and its error is thrown as it came. A malformed event, or a body that ends before the
 * provider's terminal event, is the translator's `upstream_invalid_response` (docs/tenancy-and-upstream-validation.md);
 * chunks relayed before it stay with the client.
 */
export async function relayStream(options: RelayOptions): Promise<CallOutcome> {
  const { adapter, sink } = options;
  const translator = adapter.createChatStreamTranslator(options.context);
  const assembled = new StreamedCompletion();
  const events = readUpstreamEvents(options.response.body);
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.fallbackModel;
  try {
    for (;;) {
      const next = await readUpstreamPart(events, options.signal);
      if (next.done) break;
      const event = next.value;
      for (const chunk of translator.fromUpstreamEvent(event)) {
        if (chunk.usage) usage = chunk.usage;
        assembled.add(chunk);
        if (chunk.choices.length === 0 && chunk.usage && !options.wantsUsage) continue;
        if (ttftMs === undefined) {
          ttftMs = Date.now() - options.startedAt;
          servedModel = chunk.model || servedModel;
          await sink.started(servedModel);
        }
        await sink.chunk(adapter.speaksOpenAI ? event.data : JSON.stringify(chunk));
      }
    }
  } finally {
    await events.return(undefined);
  }
  translator.finish();
  const finalUsage = usage ?? translator.usage();
  return { body: undefined, usage: finalUsage, servedModel, ttftMs, streamedBody: assembled.toJson(finalUsage) };
}
