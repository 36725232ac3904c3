/** Splits a complete server-sent-event body (LF or CRLF framing) into events, for tests. */

export interface ParsedServerSentEvent {
  event?: string;
  data: string;
}

export function parseServerSentEvents(text: string): ParsedServerSentEvent[] {
  const parsedEvents: ParsedServerSentEvent[] = [];
  for (const block of text.split(/\r\n\r\n|\n\n|\r\r/)) {
    let eventName: string | undefined;
    const dataLines: string[] = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (line.startsWith(':') || line === '') continue;
      const separator = line.indexOf(':');
      const field = separator === -1 ? line : line.slice(0, separator);
      const value = separator === -1 ? '' : line.slice(separator + 1).replace(/^ /, '');
      if (field === 'event') eventName = value;
      else if (field === 'data') dataLines.push(value);
    }
    if (dataLines.length === 0) continue;
    const parsedEvent: ParsedServerSentEvent = { data: dataLines.join('\n') };
    if (eventName !== undefined) parsedEvent.event = eventName;
    parsedEvents.push(parsedEvent);
  }
  return parsedEvents;
}
