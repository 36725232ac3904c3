import type { SluiceError } from '@sluice/errors';
import { type GeminiEmbedMethod, toGeminiEmbedResponse } from '../gemini-inbound/gemini-embeddings-inbound';
import { GeminiStreamEncoder } from '../gemini-inbound/gemini-stream-encoder';
import { toGeminiErrorBody } from '../gemini-inbound/to-gemini-error-body';
import { toGeminiGenerateResponse } from '../gemini-inbound/to-gemini-generate-response';
import type { ChatCompletion, ChatCompletionChunk, EmbeddingsResponse } from '../openai-response-types';
import type { ReplyFormat, StreamWriter } from './reply-format';

/** Gemini's error body for any SluiceError: `{error: {code, message, status}}`, Sluice's code as its reason. */
export function geminiErrorBody(error: SluiceError) {
  return toGeminiErrorBody(error.status, error.message, error.code);
}

/** One Gemini SSE event, framed as Gemini frames them. */
function eventText(events: Record<string, unknown>[]): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join('');
}

function createGeminiStreamWriter(requestedModel: string): StreamWriter {
  const encoder = new GeminiStreamEncoder(requestedModel);
  return {
    chunk: (openAIChunkJson) => eventText(encoder.encode(JSON.parse(openAIChunkJson) as ChatCompletionChunk)),
    end: () => eventText(encoder.finish()),
    // Gemini ends a failed stream with its error object alone, not as an event; @google/genai raises it as an ApiError.
    error: (error) => JSON.stringify(geminiErrorBody(error)),
  };
}

/**
 * Gemini's dialect for `generateContent` and `streamGenerateContent` (docs/gemini-api.md): a GenerateContentResponse
 * for a complete answer, its SSE events for a stream. The OpenAI JSON it reads was produced by the worker's translator
 * (or by a forwarded answer's, for the cache).
 */
export function geminiGenerateFormat(requestedModel: string): ReplyFormat {
  return {
    body: (openAIJson) =>
      JSON.stringify(toGeminiGenerateResponse(JSON.parse(openAIJson) as ChatCompletion, requestedModel)),
    createStreamWriter: () => createGeminiStreamWriter(requestedModel),
    errorBody: geminiErrorBody,
  };
}

/** Gemini's dialect for `embedContent` and `batchEmbedContents`: OpenAI embeddings as Gemini's answer. */
export function geminiEmbedFormat(method: GeminiEmbedMethod): ReplyFormat {
  return {
    body: (openAIJson) => JSON.stringify(toGeminiEmbedResponse(JSON.parse(openAIJson) as EmbeddingsResponse, method)),
    createStreamWriter: () => createGeminiStreamWriter(''),
    errorBody: geminiErrorBody,
  };
}
