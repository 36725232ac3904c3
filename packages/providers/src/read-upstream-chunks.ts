import { createParser } from 'eventsource-parser';
import type { UpstreamEvent } from './provider-adapter';

/** One piece of an upstream stream as it arrived: its text, and the server-sent events it completed. */
export interface UpstreamChunk {
  text: string;
  events: UpstreamEvent[];
}

/**
 * An SSE body piece by piece as the network delivers it, each with the events it completes — for relaying a stream
 * byte for byte while reading it (an event split across pieces is reported with the piece that ends it).
 */
export async function* readUpstreamChunks(body: AsyncIterable<Buffer>): AsyncGenerator<UpstreamChunk> {
  let pending: UpstreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => pending.push({ event: message.event, data: message.data }) });
  const decoder = new TextDecoder();
  const take = (text: string): UpstreamChunk => {
    parser.feed(text);
    const events = pending;
    pending = [];
    return { text, events };
  };
  for await (const bytes of body) {
    const text = decoder.decode(bytes, { stream: true });
    if (text !== '') yield take(text);
  }
  const rest = decoder.decode();
  const last = take(`${rest}\n\n`);
  if (rest !== '' || last.events.length > 0) yield { text: rest, events: last.events };
}
