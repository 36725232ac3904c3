import type { SluiceError } from '@sluice/errors';
import type { ResponseObject } from '../responses/response-object';
import { responsesEventsText } from '../responses/responses-event-text';
import { ResponsesStreamEncoder } from '../responses/responses-stream-encoder';
import type { ToolName } from '../responses/to-chat-tools';
import type { StreamWriter } from './reply-format';

export interface ResponsesStreamOptions {
  /** The response as created: id, created_at and what it echoes from the request. */
  shell: ResponseObject;
  /** Flattened function names → the client's names and namespaces. */
  toolNames: ReadonlyMap<string, ToolName>;
  /**
   * Called with the finished (or failed) response before the client sees its end: stores it. `json`: its JSON text,
   * when it was serialised for the client already.
   */
  finished?: (response: ResponseObject, json?: string) => Promise<void>;
}

/**
 * Native stream events arrive as server-sent event text, the events of one read of the provider's stream together;
 * translated ones as OpenAI chunk JSON.
 */
const NATIVE_EVENT = 'event: ';
/** How each event that ends a native stream, carrying the finished response, starts. */
const FINAL_EVENT_STARTS = ['completed', 'incomplete', 'failed'].map((name) => `event: response.${name}\ndata: `);

/**
 * Per stream of the Responses dialect: a translated account's chunks as the typed event sequence
 * (ResponsesStreamEncoder); a native account's events relayed as they came, its final response kept to be stored.
 */
export class ResponsesStreamWriter implements StreamWriter {
  private readonly encoder: ResponsesStreamEncoder;
  private stored: Promise<void> | undefined;
  private native: { final: ResponseObject | undefined } | undefined;

  constructor(private readonly options: ResponsesStreamOptions) {
    this.encoder = new ResponsesStreamEncoder(options.shell, options.toolNames);
  }

  chunk(data: string): string {
    if (this.native || data.startsWith(NATIVE_EVENT)) {
      this.native ??= { final: undefined };
      if (this.options.finished) this.native.final = finalResponseIn(data) ?? this.native.final;
      return data;
    }
    return this.encoder.encodeData(data);
  }

  end(): string {
    const { finished } = this.options;
    if (this.native) {
      if (this.native.final) this.stored = finished?.(this.native.final);
      return '';
    }
    const text = this.encoder.endText();
    const response = finished && this.encoder.finishedResponse();
    if (finished && response) this.stored = finished(response.response, response.json);
    return text;
  }

  async settled(): Promise<void> {
    return this.stored;
  }

  error(error: SluiceError): string {
    if (this.native)
      return `event: error\ndata: ${JSON.stringify({ type: 'error', code: error.code, message: error.message, param: error.param })}\n\n`;
    const events = this.encoder.fail({ code: error.code, message: error.message });
    const failed = events.at(-1)?.response as ResponseObject | undefined;
    if (failed) void this.options.finished?.(failed).catch(() => undefined);
    return responsesEventsText(events);
  }
}

/**
 * The response of the last final event in a piece of a native stream's event text (the events one read of the
 * provider's stream completed, each whole); undefined when it has none. A JSON data line holds no line break, so an
 * event's start is the piece's or follows an empty line.
 */
function finalResponseIn(text: string): ResponseObject | undefined {
  let start = -1;
  let dataAt = -1;
  for (const eventStart of FINAL_EVENT_STARTS) {
    const at = lastEventAt(text, eventStart);
    if (at > start) {
      start = at;
      dataAt = at + eventStart.length;
    }
  }
  if (start === -1) return undefined;
  const end = text.indexOf('\n\n', dataAt);
  const event = JSON.parse(text.slice(dataAt, end === -1 ? undefined : end)) as { response?: ResponseObject };
  return event.response;
}

/** Where the last event starting with `eventStart` starts in `text`; -1 if none does. */
function lastEventAt(text: string, eventStart: string): number {
  for (let at = text.lastIndexOf(eventStart); at !== -1; at = at === 0 ? -1 : text.lastIndexOf(eventStart, at - 1))
    if (at === 0 || text.startsWith('\n\n', at - 2)) return at;
  return -1;
}
