import {
  addedTextOf,
  type ChatCompletionChunk,
  type ProviderAdapter,
  type ProviderCallContext,
  readUpstreamChunks,
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
  /** The ingress re-encodes the stream as Responses events: text-only chunks go as text literals (relayedChunkText). */
  textLiterals: boolean;
  startedAt: number;
  fallbackModel: string;
}

/**
 * Relays a provider's stream as it arrives: the chunks each network read completes go to the sink together, one
 * reply-stream append per read rather than one per token; the first read's go with the stream's start. Until the first chunk is relayed a failure is an
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
  const pieces = readUpstreamChunks(options.response.body);
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.fallbackModel;
  let modelRelayed = false;
  try {
    for (;;) {
      const next = await readUpstreamPart(pieces, options.signal);
      if (next.done) break;
      const relayed: string[] = [];
      const starting = ttftMs === undefined;
      try {
        for (const event of next.value.events) {
          for (const chunk of translator.fromUpstreamEvent(event)) {
            if (chunk.usage) usage = chunk.usage;
            assembled.add(chunk);
            if (chunk.choices.length === 0 && chunk.usage && !options.wantsUsage) continue;
            if (ttftMs === undefined) {
              ttftMs = Date.now() - options.startedAt;
              servedModel = chunk.model || servedModel;
            }
            const text = options.textLiterals && modelRelayed ? addedTextOf(chunk) : undefined;
            relayed.push(relayedChunkText(chunk, text, adapter.speaksOpenAI ? event.data : undefined));
            if (chunk.model) modelRelayed = true;
          }
        }
      } finally {
        // A malformed event ends the stream, but what the provider sent before it in the same read is relayed.
        if (relayed.length > 0 && starting) await sink.started({ servedModel, chunks: relayed });
        else if (relayed.length > 0) await sink.chunks(relayed);
      }
    }
  } finally {
    await pieces.return(undefined);
  }
  translator.finish();
  const finalUsage = usage ?? translator.usage();
  return { body: undefined, usage: finalUsage, servedModel, ttftMs, streamedBody: assembled.toJson(finalUsage) };
}

/**
 * A chunk as the ingress receives it: its JSON text (the provider's own when it speaks OpenAI's dialect) — or, when the
 * ingress re-encodes the stream as Responses events and the chunk only adds text, that text as a JSON string literal
 * (`"…"`, never the start of a chunk): the ingress then writes the text's output_text.delta event without scanning or
 * parsing a chunk. Only after a chunk naming the model, which the ingress takes for the response, was relayed.
 */
function relayedChunkText(
  chunk: ChatCompletionChunk,
  text: string | undefined,
  providerText: string | undefined,
): string {
  if (text !== undefined) return JSON.stringify(text);
  return providerText ?? JSON.stringify(chunk);
}
