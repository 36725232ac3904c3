import {
  addedTextOf,
  type ChatCompletionChunk,
  type ProviderAdapter,
  type ProviderCallContext,
  readUpstreamChunks,
  type UpstreamChunk,
  type UpstreamEvent,
  type UpstreamResponse,
  type Usage,
} from '@sluice/providers';
import type { CallOutcome, StreamSink } from './call-outcome';
import { readUpstreamPart } from './read-upstream-part';
import { relayedStreamOutcome, StreamedCompletion } from './streamed-completion';

interface RelayOptions {
  response: UpstreamResponse;
  adapter: ProviderAdapter;
  context: ProviderCallContext;
  sink: StreamSink;
  signal: AbortSignal;
  wantsUsage: boolean;
  /** The ingress re-encodes the stream as Responses events: text-only chunks go as text literals (relayedChunkText). */
  textLiterals: boolean;
  /**
   * The waiting ingress writes OpenAI chat events as they come (ProviderJob `openAIEvents`) and the account speaks
   * OpenAI's dialect: each read goes as one piece of SSE text (EventTextPieces), the stream started as `native`.
   */
  eventText: boolean;
  startedAt: number;
  fallbackModel: string;
}

/**
 * Relays a provider's stream as it arrives: the chunks each network read completes go to the sink together, one
 * reply-stream append per read rather than one per token (with `eventText`, the read as one piece of SSE text); the
 * first read's go with the stream's start. Until the first chunk is relayed a failure is an
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
  const asText = options.eventText ? new EventTextPieces() : undefined;
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let servedModel = options.fallbackModel;
  let modelRelayed = false;
  try {
    for (;;) {
      const next = await readUpstreamPart(pieces, options.signal);
      if (next.done) break;
      const relayed: string[] = [];
      const kept: UpstreamEvent[] = [];
      const starting = ttftMs === undefined;
      let whole = false;
      try {
        for (const event of next.value.events) {
          let hidden = false;
          for (const chunk of translator.fromUpstreamEvent(event)) {
            if (chunk.usage) usage = chunk.usage;
            assembled.add(chunk);
            if (chunk.choices.length === 0 && chunk.usage && !options.wantsUsage) {
              hidden = true;
              continue;
            }
            if (ttftMs === undefined) {
              ttftMs = Date.now() - options.startedAt;
              servedModel = chunk.model || servedModel;
            }
            const text = options.textLiterals && modelRelayed ? addedTextOf(chunk) : undefined;
            if (!asText) relayed.push(relayedChunkText(chunk, text, adapter.speaksOpenAI ? event.data : undefined));
            if (chunk.model) modelRelayed = true;
          }
          if (!hidden) kept.push(event);
        }
        whole = kept.length === next.value.events.length;
      } finally {
        // A malformed event ends the stream, but what the provider sent before it in the same read is relayed.
        const piece = asText?.of(next.value, kept, whole);
        if (piece) relayed.push(piece);
        if (relayed.length > 0 && ttftMs !== undefined) {
          if (starting) await sink.started({ servedModel, chunks: relayed, native: asText !== undefined });
          else await sink.chunks(relayed);
        }
      }
    }
  } finally {
    await pieces.return(undefined);
  }
  return relayedStreamOutcome({ translator, assembled, usage }, servedModel, ttftMs);
}

/**
 * A stream relayed as OpenAI chat events to an ingress that writes them as they come (ProviderJob `openAIEvents`):
 * each read as one piece of SSE text — the provider's own text when the read holds whole events only and all of them
 * go to the client, else the text of the events that do (the usage chunk Sluice asked for is left out; an event split
 * across reads goes whole with the read that ends it): cut from the read's text where it says where its events start,
 * else written again.
 */
class EventTextPieces {
  /** The reads so far ended where an event did, so the next one starts with an event of its own. */
  private aligned = true;

  of(piece: UpstreamChunk, kept: readonly UpstreamEvent[], whole: boolean): string {
    const { text } = piece;
    const asSent = this.aligned && whole && endsEvent(text);
    this.aligned = endsEvent(text);
    if (asSent) return text;
    if (piece.eventStarts) return keptEventsText(piece, piece.eventStarts, kept);
    let rebuilt = '';
    for (const event of kept) rebuilt += eventText(event);
    return rebuilt;
  }
}

/** The text of a read's kept events (in order, some of its events), cut from its text by where each event starts. */
function keptEventsText(piece: UpstreamChunk, starts: readonly number[], kept: readonly UpstreamEvent[]): string {
  let text = '';
  let keptIndex = 0;
  let runStart: number | undefined;
  piece.events.forEach((event, index) => {
    const start = starts[index] as number;
    if (kept[keptIndex] === event) {
      keptIndex += 1;
      runStart ??= start;
    } else if (runStart !== undefined) {
      text += piece.text.slice(runStart, start);
      runStart = undefined;
    }
  });
  return runStart === undefined ? text : text + piece.text.slice(runStart);
}

const endsEvent = (text: string): boolean => text.endsWith('\n\n') || text.endsWith('\r\n\r\n');

function eventText(event: UpstreamEvent): string {
  const name = event.event === undefined ? '' : `event: ${event.event}\n`;
  return `${name}data: ${event.data.replaceAll('\n', '\ndata: ')}\n\n`;
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
