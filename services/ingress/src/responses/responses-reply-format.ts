import type { SluiceError } from '@sluice/errors';
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  fromChatCompletion,
  type ResponseObject,
  type ResponsesEvent,
  ResponsesStreamEncoder,
  responsesEventText,
  type ToolName,
} from '@sluice/providers';
import type { ReplyFormat, StreamWriter } from '../reply-format';

export interface ResponsesReplyOptions {
  /** The response as created: id, created_at and what it echoes from the request. */
  shell: ResponseObject;
  /** Flattened function names → the client's names and namespaces. */
  toolNames: ReadonlyMap<string, ToolName>;
  /** Called with the finished (or failed) response before the client sees its end: stores it. */
  finished?: (response: ResponseObject) => Promise<void>;
}

/**
 * The Responses dialect for translated accounts: the worker's OpenAI chat answer as a response object, its chunks
 * as the typed Responses event sequence; errors keep OpenAI's shape. See docs/responses-api.md.
 */
export function responsesReplyFormat(options: ResponsesReplyOptions): ReplyFormat {
  let stored: Promise<void> | undefined;
  return {
    body: (openAIJson) => {
      const completion = JSON.parse(openAIJson) as ChatCompletion;
      const response = fromChatCompletion(completion, options.shell, options.toolNames);
      stored = options.finished?.(response);
      return JSON.stringify(response);
    },
    settled: async () => stored,
    createStreamWriter: () => createResponsesStreamWriter(options),
    errorBody: (error) => error.toOpenAIError(),
  };
}

function eventsText(events: ResponsesEvent[]): string {
  return events.map(responsesEventText).join('');
}

function createResponsesStreamWriter(options: ResponsesReplyOptions): StreamWriter {
  const encoder = new ResponsesStreamEncoder(options.shell, options.toolNames);
  let stored: Promise<void> | undefined;
  return {
    chunk: (openAIChunkJson) => eventsText(encoder.encode(JSON.parse(openAIChunkJson) as ChatCompletionChunk)),
    end: () => {
      const events = encoder.end();
      stored = options.finished?.(encoder.response());
      return eventsText(events);
    },
    settled: async () => stored,
    error: (error: SluiceError) => {
      const events = encoder.fail({ code: error.code, message: error.message });
      const failed = events.at(-1)?.response as ResponseObject | undefined;
      if (failed) void options.finished?.(failed).catch(() => undefined);
      return eventsText(events);
    },
  };
}
