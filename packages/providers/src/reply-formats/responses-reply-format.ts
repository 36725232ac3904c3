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

/** Native stream events arrive as server-sent event text; translated ones as OpenAI chunk JSON. */
const NATIVE_EVENT = 'event: ';
const FINAL_EVENT = /^event: response\.(completed|incomplete|failed)\n/;

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
        if (FINAL_EVENT.test(data)) native.final = finalResponseOf(data);
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

function finalResponseOf(eventText: string): ResponseObject | undefined {
  const data = eventText.slice(eventText.indexOf('\ndata: ') + 7).trimEnd();
  const event = JSON.parse(data) as { response?: ResponseObject };
  return event.response;
}
