import type { SluiceError } from '@sluice/errors';
import type { ChatCompletion } from '../openai-response-types';
import { fromChatCompletion } from '../responses/from-chat-completion';
import type { ResponseObject } from '../responses/response-object';
import { responsesEventsText } from '../responses/responses-event-text';
import { ResponsesStreamEncoder } from '../responses/responses-stream-encoder';
import type { ToolName } from '../responses/to-chat-tools';
import type { ReplyFormat, StreamWriter } from './reply-format';

export interface ResponsesReplyOptions {
  /** The response as created: id, created_at and what it echoes from the request. */
  shell: ResponseObject;
  /** Flattened function names → the client's names and namespaces. */
  toolNames: ReadonlyMap<string, ToolName>;
  /**
   * Called with the finished (or failed) response before the client sees its end: stores it. `json`: its JSON text,
   * when it was serialised for the client already.
   */
  finished?: (response: ResponseObject, json?: string) => Promise<void>;
  /** Called when a native account answered, or the cache replays its answer (nothing was translated or left out). */
  servedNatively?: () => void;
}

/**
 * Native stream events arrive as server-sent event text, the events of one read of the provider's stream together;
 * translated ones as OpenAI chunk JSON.
 */
const NATIVE_EVENT = 'event: ';
/** How each event that ends a native stream, carrying the finished response, starts. */
const FINAL_EVENT_STARTS = ['completed', 'incomplete', 'failed'].map((name) => `event: response.${name}\ndata: `);

/**
 * The Responses dialect. From a translated account the worker's OpenAI chat answer becomes a response object and its
 * chunks the typed Responses event sequence; from an account with `responses: native` the response object and the
 * events are relayed as they came. Errors keep OpenAI's shape. See docs/responses-api.md.
 */
export function responsesReplyFormat(options: ResponsesReplyOptions): ReplyFormat {
  let stored: Promise<void> | undefined;
  return {
    body: (json) => {
      const answer = JSON.parse(json) as ChatCompletion | ResponseObject;
      if (answer.object === 'response') {
        options.servedNatively?.();
        stored = options.finished?.(answer);
        return json;
      }
      const response = fromChatCompletion(answer, options.shell, options.toolNames);
      const text = JSON.stringify(response);
      stored = options.finished?.(response, text);
      return text;
    },
    settled: async () => stored,
    servedAsItCame: () => options.servedNatively?.(),
    createStreamWriter: () => createResponsesStreamWriter(options),
    errorBody: (error) => error.toOpenAIError(),
  };
}

function createResponsesStreamWriter(options: ResponsesReplyOptions): StreamWriter {
  const encoder = new ResponsesStreamEncoder(options.shell, options.toolNames);
  let stored: Promise<void> | undefined;
  let native: { final: ResponseObject | undefined } | undefined;
  return {
    chunk: (data) => {
      if (native || data.startsWith(NATIVE_EVENT)) {
        native ??= { final: undefined };
        if (options.finished) native.final = finalResponseIn(data) ?? native.final;
        return data;
      }
      return encoder.encodeData(data);
    },
    end: () => {
      if (native) {
        if (native.final) stored = options.finished?.(native.final);
        return '';
      }
      const text = encoder.endText();
      const finished = encoder.finishedResponse();
      if (finished) stored = options.finished?.(finished.response, finished.json);
      return text;
    },
    settled: async () => stored,
    error: (error: SluiceError) => {
      if (native)
        return `event: error\ndata: ${JSON.stringify({ type: 'error', code: error.code, message: error.message, param: error.param })}\n\n`;
      const events = encoder.fail({ code: error.code, message: error.message });
      const failed = events.at(-1)?.response as ResponseObject | undefined;
      if (failed) void options.finished?.(failed).catch(() => undefined);
      return responsesEventsText(events);
    },
  };
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
