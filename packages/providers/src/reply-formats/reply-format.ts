import type { SluiceError } from '@sluice/errors';

/** How replies are written in one API dialect (OpenAI's, Anthropic's). */
export interface ReplyFormat {
  /** The body of a complete answer, from the OpenAI-format JSON text. */
  body(openAIJson: string): string;
  /** Per stream: turns OpenAI chunks into this dialect's SSE text. */
  createStreamWriter(): StreamWriter;
  errorBody(error: SluiceError): unknown;
  /** Awaited after `body` and before it is sent: what the dialect does with the answer first (Responses: store it). */
  settled?(): Promise<void>;
  /** Called before a cached answer is written as the provider sent it (Responses: nothing was left out of it). */
  servedAsItCame?(): void;
}

export interface StreamWriter {
  chunk(openAIChunkJson: string): string;
  end(): string;
  error(error: SluiceError): string;
  /** Awaited after `end` and before the stream ends. */
  settled?(): Promise<void>;
}

/** OpenAI's dialect: bodies and chunks pass through unchanged; a failed stream ends with an error event, no [DONE]. */
export const openAIReplyFormat: ReplyFormat = {
  body: (json) => json,
  createStreamWriter: () => ({
    chunk: (data) => `data: ${data}\n\n`,
    end: () => 'data: [DONE]\n\n',
    error: (error) => `event: error\ndata: ${JSON.stringify(error.toOpenAIError())}\n\n`,
  }),
  errorBody: (error) => error.toOpenAIError(),
};
