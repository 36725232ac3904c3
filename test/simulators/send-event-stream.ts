/**
 * Streams pre-formatted frames (server-sent events or JSON-array pieces) with the
 * `chunkDelayMs` pause between them, stopping if the client goes away and
 * destroying the socket after the first frame when `drop` is `mid-stream`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { dropConnection, isClosed, type SimulatorExchange, writeAndFlush } from './simulator-exchange';
import { MALFORMED_BODY, type MalformedMode } from './simulator-knobs';

export interface ServerSentEvent {
  /** SSE `event:` name; omitted for providers (OpenAI, Gemini) that send data lines only. */
  event?: string;
  data: string;
}

/** Formats one server-sent event; Gemini separates events with CRLF, the others with LF. */
export function formatServerSentEvent(sentEvent: ServerSentEvent, lineEnding: '\n' | '\r\n' = '\n'): string {
  const eventLine = sentEvent.event === undefined ? '' : `event: ${sentEvent.event}${lineEnding}`;
  return `${eventLine}data: ${sentEvent.data}${lineEnding}${lineEnding}`;
}

export interface StreamOptions {
  contentType?: string;
  headers?: Record<string, string>;
}

export async function sendFrameStream(
  exchange: SimulatorExchange,
  frames: readonly string[],
  options: StreamOptions = {},
): Promise<void> {
  if (isClosed(exchange)) return;
  exchange.response.writeHead(200, {
    'content-type': options.contentType ?? 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...options.headers,
  });
  exchange.response.flushHeaders();
  for (const [index, frame] of frames.entries()) {
    if (index > 0 && exchange.knobs.chunkDelayMs > 0) {
      await delay(exchange.knobs.chunkDelayMs, undefined, { signal: exchange.signal });
    }
    if (isClosed(exchange)) return;
    await writeAndFlush(exchange.response, frame);
    if (index === 0 && exchange.knobs.drop === 'mid-stream') {
      dropConnection(exchange);
      return;
    }
  }
  exchange.response.end();
}

export function sendServerSentEvents(
  exchange: SimulatorExchange,
  sentEvents: readonly ServerSentEvent[],
  options: StreamOptions & { lineEnding?: '\n' | '\r\n' } = {},
): Promise<void> {
  const events = malformedEvents(sentEvents, exchange.knobs.malformed);
  const frames = events.map((sentEvent) => formatServerSentEvent(sentEvent, options.lineEnding));
  return sendFrameStream(exchange, frames, options);
}

/** The events as the `malformed` knob spoils them; the garbage event keeps the name of the one it replaces. */
function malformedEvents(sentEvents: readonly ServerSentEvent[], mode: MalformedMode | undefined): ServerSentEvent[] {
  const garbage = JSON.stringify(MALFORMED_BODY);
  switch (mode) {
    case 'shape':
      return sentEvents.map((sentEvent) => ({ ...sentEvent, data: garbage }));
    case 'mid-stream': {
      const [first, second, ...rest] = sentEvents;
      if (first === undefined) return [];
      return [first, { event: second?.event, data: garbage }, ...(second ? [second] : []), ...rest];
    }
    case 'no-terminal':
      return sentEvents.slice(0, -1);
    default:
      return [...sentEvents];
  }
}
