import { createParser } from 'eventsource-parser';
import { BodyTextDecoder } from './body-text-decoder';
import type { UpstreamEvent } from './provider-adapter';

/** One piece of an upstream stream as it arrived: its text, and the server-sent events it completed. */
export interface UpstreamChunk {
  text: string;
  events: UpstreamEvent[];
  /**
   * Where each event's text starts in `text`, when the piece is its events whole and nothing else (each event's text
   * runs to the next one's start, the last to the piece's end); absent otherwise.
   */
  eventStarts?: number[];
}

/**
 * An SSE body piece by piece as the network delivers it, each with the events it completes — for relaying a stream
 * byte for byte while reading it (an event split across pieces is reported with the piece that ends it). A piece that
 * starts where an event did and holds whole `data: …` events only, each named by an `event: …` line or not, as
 * OpenAI-compatible, Responses and Anthropic streams are written, is split by plainEvents; any other goes through the
 * SSE parser.
 */
export async function* readUpstreamChunks(body: AsyncIterable<Buffer>): AsyncGenerator<UpstreamChunk> {
  let pending: UpstreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => pending.push({ event: message.event, data: message.data }) });
  const decoder = new BodyTextDecoder();
  /** The pieces so far ended with an empty line: the parser holds no part of a line or an event. */
  let aligned = true;
  let parserFed = false;
  const take = (text: string): UpstreamChunk => {
    const plain = aligned ? plainEvents(text) : undefined;
    aligned = text.endsWith('\n\n');
    if (plain) {
      // As when it reads a piece itself, the parser no longer takes a later piece for the stream's start (a BOM).
      if (!parserFed) parser.feed('');
      parserFed = true;
      return { text, ...plain };
    }
    parserFed = true;
    parser.feed(text);
    const events = pending;
    pending = [];
    return { text, events };
  };
  for await (const bytes of body) {
    const text = decoder.write(bytes);
    if (text !== '') yield take(text);
  }
  const rest = decoder.end();
  const last = take(`${rest}\n\n`);
  if (rest !== '' || last.events.length > 0) yield { text: rest, events: last.events };
}

/**
 * The events of a piece made of events each of a `data: …` line, after an `event: …` line or not, followed by an empty
 * line, and nothing else (no other field, comment, carriage return, empty name or empty data), read as the SSE parser
 * reads them, and where each starts; undefined for any other piece.
 */
function plainEvents(text: string): { events: UpstreamEvent[]; eventStarts: number[] } | undefined {
  const events: UpstreamEvent[] = [];
  const eventStarts: number[] = [];
  let start = 0;
  while (start < text.length) {
    let name: string | undefined;
    let dataStart = start;
    if (text.startsWith(EVENT_FIELD, start)) {
      const nameEnd = text.indexOf('\n', start);
      if (nameEnd === -1 || nameEnd === start + EVENT_FIELD.length) return undefined;
      name = text.slice(start + EVENT_FIELD.length, nameEnd);
      if (name.includes('\r')) return undefined;
      dataStart = nameEnd + 1;
    }
    if (!text.startsWith(DATA_FIELD, dataStart)) return undefined;
    const end = text.indexOf('\n', dataStart);
    if (end === -1 || end === dataStart + DATA_FIELD.length || text[end + 1] !== '\n') return undefined;
    const data = text.slice(dataStart + DATA_FIELD.length, end);
    if (data.includes('\r')) return undefined;
    events.push({ event: name, data });
    eventStarts.push(start);
    start = end + 2;
  }
  return events.length > 0 ? { events, eventStarts } : undefined;
}

const EVENT_FIELD = 'event: ';
const DATA_FIELD = 'data: ';
