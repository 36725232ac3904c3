import { UpstreamError } from '@sluice/errors';
import { fromResponseUsage, type ResponseUsage, readUpstreamChunks, type UpstreamChunk } from '@sluice/providers';
import type { CallOutcome, NativeResponsesCacheEntry, StreamSink } from './call-outcome';
import { readUpstreamPart } from './read-upstream-part';

/** The stream events that end a Responses stream and carry the finished response. */
const FINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export interface NativeStreamOptions {
  body: AsyncIterable<Buffer>;
  sink: StreamSink;
  signal: AbortSignal;
  /** The target's model: the stream's served model until the final event names one. */
  model: string;
  startedAt: number;
  /** The response cache keys the request as it came: the relayed text is kept for it (`cacheEntry`). */
  cacheEntryOf?: (native: string, response: unknown) => NativeResponsesCacheEntry | undefined;
}

/**
 * A native Responses stream, relayed as it came, read by read: the events each network read completes go to the sink
 * together (one reply-stream append, one write for the client), the first read's with the stream's start, so nothing is
 * relayed before a complete event (a failure before it may still be retried or fall back). Only the final event
 * (`response.completed`, `.incomplete`, `.failed`) is parsed: it carries the whole response, whose usage, model and
 * JSON text the log keeps; the deltas before it are relayed unread. See docs/responses-api.md.
 */
export async function relayNativeResponses(options: NativeStreamOptions): Promise<CallOutcome> {
  const { sink } = options;
  const pieces = readUpstreamChunks(options.body);
  const relayed: string[] = [];
  let ttftMs: number | undefined;
  let final: NativeResponse | undefined;
  try {
    for (
      let next = await readUpstreamPart(pieces, options.signal);
      !next.done;
      next = await readUpstreamPart(pieces, options.signal)
    ) {
      const piece = next.value;
      const text = relayedText(piece);
      if (text !== '') {
        if (ttftMs === undefined) {
          ttftMs = Date.now() - options.startedAt;
          await sink.started({ servedModel: options.model, chunks: [text] });
        } else await sink.chunks([text]);
        if (options.cacheEntryOf) relayed.push(text);
      }
      for (const event of piece.events)
        if (FINAL_EVENTS.has(event.event ?? ''))
          final = parseNativeJson<{ response?: NativeResponse }>(event.data).response;
    }
  } finally {
    await pieces.return(undefined);
  }
  return {
    body: undefined,
    usage: fromResponseUsage(final?.usage),
    servedModel: final?.model ?? options.model,
    ttftMs,
    streamedBody: final && JSON.stringify(final),
    dialect: 'responses',
    cacheEntry: final && options.cacheEntryOf?.(relayed.join(''), final),
  };
}

/**
 * A read's events as the client receives them: the provider's own text when the read is its events whole, each named
 * (`event: …` then `data: …`, as the Responses API writes them); else each event written again from what the SSE
 * parser read (`event: {name}\ndata: {data}\n\n`), a `[DONE]` left out. Both are the same bytes for the API's streams.
 */
function relayedText(piece: UpstreamChunk): string {
  if (piece.eventStarts && piece.events.every((event) => event.event !== undefined && event.data !== '[DONE]'))
    return piece.text;
  let text = '';
  for (const event of piece.events)
    if (event.data !== '[DONE]') text += `event: ${event.event ?? ''}\ndata: ${event.data}\n\n`;
  return text;
}

/** What Sluice reads of a Responses API response: its usage and the model that served it. */
export interface NativeResponse {
  usage?: Partial<ResponseUsage> | null;
  model?: string;
}

/** A native answer's JSON text (a response object, or a stream event's data), parsed; invalid JSON is a 502. */
export function parseNativeJson<Parsed>(text: string): Parsed {
  try {
    return JSON.parse(text) as Parsed;
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
