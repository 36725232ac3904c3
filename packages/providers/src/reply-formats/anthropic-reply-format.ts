import type { SluiceError } from '@sluice/errors';
import type { AnthropicSseEvent, AnthropicStreamEncoder } from '../anthropic-inbound/anthropic-stream-encoder';
import { createAnthropicStreamEncoder } from '../anthropic-inbound/anthropic-stream-encoder';
import { toAnthropicErrorBody } from '../anthropic-inbound/to-anthropic-error-body';
import { toAnthropicMessagesResponse } from '../anthropic-inbound/to-anthropic-messages-response';
import type { ChatCompletion, ChatCompletionChunk } from '../openai-response-types';
import type { ReplyFormat, StreamWriter } from './reply-format';

function eventText(events: AnthropicSseEvent[]): string {
  return events.map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/** Anthropic's error body for any SluiceError, typed by its status so the Anthropic SDK raises the matching class. */
export function anthropicErrorBody(error: SluiceError) {
  return toAnthropicErrorBody(error.status, error.message);
}

/**
 * Per stream: OpenAI chunks as Anthropic events. The encoder is made on the first chunk that says something
 * (Azure's leading content-filter annotation, with no choices and no model, is passed over) so that
 * message_start names the model that served the request, as the chunks do.
 */
function createAnthropicStreamWriter(requestedModel: string): StreamWriter {
  let encoder: AnthropicStreamEncoder | undefined;
  const encoderFor = (model: string | undefined) => {
    encoder ??= createAnthropicStreamEncoder(model || requestedModel);
    return encoder;
  };
  return {
    chunk: (openAIChunkJson) => {
      const chunk = JSON.parse(openAIChunkJson) as ChatCompletionChunk;
      if (chunk.choices.length === 0 && !chunk.usage) return '';
      return eventText(encoderFor(chunk.model).encode(chunk));
    },
    end: () => eventText(encoderFor(undefined).finish()),
    error: (error) => eventText([{ event: 'error', data: anthropicErrorBody(error) }]),
  };
}

/**
 * The Anthropic Messages dialect for `POST /v1/messages`: a Message for a complete answer, the
 * message_start … message_stop event sequence for a stream, and `{type: "error", error: {type, message}}` for failures.
 * The OpenAI JSON it reads was produced (and validated) by the worker's translator.
 */
export function anthropicReplyFormat(requestedModel: string): ReplyFormat {
  return {
    body: (openAIJson) => {
      const completion = JSON.parse(openAIJson) as ChatCompletion;
      return JSON.stringify(toAnthropicMessagesResponse(completion, completion.model || requestedModel));
    },
    createStreamWriter: () => createAnthropicStreamWriter(requestedModel),
    errorBody: anthropicErrorBody,
  };
}
