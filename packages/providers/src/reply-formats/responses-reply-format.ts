import type { SluiceError } from '@sluice/errors';
import type { ChatCompletion } from '../openai-response-types';
import { fromChatCompletion } from '../responses/from-chat-completion';
import type { ResponseObject } from '../responses/response-object';
import type { ReplyFormat, StreamWriter } from './reply-format';
import { type ResponsesStreamOptions, ResponsesStreamWriter } from './responses-stream-writer';

export interface ResponsesReplyOptions extends ResponsesStreamOptions {
  /** Called when a native account answered, or the cache replays its answer (nothing was translated or left out). */
  servedNatively?: () => void;
}

/**
 * The Responses dialect. From a translated account the worker's OpenAI chat answer becomes a response object and its
 * chunks the typed Responses event sequence; from an account with `responses: native` the response object and the
 * events are relayed as they came. Errors keep OpenAI's shape. See docs/responses-api.md.
 */
export function responsesReplyFormat(options: ResponsesReplyOptions): ReplyFormat {
  return new ResponsesReplyFormat(options);
}

/** responsesReplyFormat's format: a class, so that a request's format and its writer are made without closures. */
class ResponsesReplyFormat implements ReplyFormat {
  private stored: Promise<void> | undefined;

  constructor(private readonly options: ResponsesReplyOptions) {}

  body(json: string): string {
    const answer = JSON.parse(json) as ChatCompletion | ResponseObject;
    if (answer.object === 'response') {
      this.options.servedNatively?.();
      this.stored = this.options.finished?.(answer);
      return json;
    }
    const response = fromChatCompletion(answer, this.options.shell, this.options.toolNames);
    const text = JSON.stringify(response);
    this.stored = this.options.finished?.(response, text);
    return text;
  }

  async settled(): Promise<void> {
    return this.stored;
  }

  servedAsItCame(): void {
    this.options.servedNatively?.();
  }

  createStreamWriter(): StreamWriter {
    return new ResponsesStreamWriter(this.options);
  }

  errorBody(error: SluiceError): unknown {
    return error.toOpenAIError();
  }
}
