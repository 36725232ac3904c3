import { createParser } from 'eventsource-parser';
import type { UpstreamEvent } from './provider-adapter';

/** Yields each server-sent event of a streamed upstream body as soon as it is complete. */
export async function* readUpstreamEvents(body: AsyncIterable<Buffer>): AsyncGenerator<UpstreamEvent> {
  const pending: UpstreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => pending.push({ event: message.event, data: message.data }) });
  const decoder = new TextDecoder();
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    while (pending.length > 0) yield pending.shift() as UpstreamEvent;
  }
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift() as UpstreamEvent;
}
