import type { ChatCompletionRequest, EmbeddingsRequest } from '../openai-chat-schema';
import type { EmbeddingsResponse } from '../openai-response-types';
import type { ProviderAdapter, ProviderCallContext, UpstreamRequest } from '../provider-adapter';
import { fromGeminiEmbeddingsResponse } from './from-gemini-embeddings-response';
import { fromGeminiErrorResponse } from './from-gemini-error-response';
import { fromGeminiResponse } from './from-gemini-response';
import { geminiMethodUrl } from './gemini-model-path';
import { createGeminiStreamTranslator } from './gemini-stream-translator';
import { toGeminiEmbeddingsCall } from './to-gemini-embeddings-request';
import { toGeminiRequest } from './to-gemini-request';

/** The key goes in x-goog-api-key, never in the URL, so it stays out of access logs. */
export function geminiHeaders(context: ProviderCallContext): Record<string, string> {
  const result: Record<string, string> = { 'content-type': 'application/json', ...context.account.headers };
  if (context.apiKey !== undefined) result['x-goog-api-key'] = context.apiKey;
  return result;
}

/** Gemini API (generateContent, streamGenerateContent?alt=sse, embedContent, batchEmbedContents) ⇄ OpenAI. */
export const geminiAdapter: ProviderAdapter = {
  speaksOpenAI: false,

  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest {
    const url =
      request.stream === true
        ? `${geminiMethodUrl(context.account, context.model, 'streamGenerateContent')}?alt=sse`
        : geminiMethodUrl(context.account, context.model, 'generateContent');
    return {
      method: 'POST',
      url,
      headers: geminiHeaders(context),
      body: JSON.stringify(toGeminiRequest(request, context.model)),
    };
  },

  fromChatResponse: fromGeminiResponse,
  createChatStreamTranslator: createGeminiStreamTranslator,

  toEmbeddingsRequest(request: EmbeddingsRequest, context: ProviderCallContext): UpstreamRequest {
    const call = toGeminiEmbeddingsCall(request, context.model);
    return {
      method: 'POST',
      url: geminiMethodUrl(context.account, context.model, call.method),
      headers: geminiHeaders(context),
      body: JSON.stringify(call.body),
    };
  },

  fromEmbeddingsResponse(body: unknown, context: ProviderCallContext, request: EmbeddingsRequest): EmbeddingsResponse {
    return fromGeminiEmbeddingsResponse(body, context.model, request);
  },

  fromErrorResponse: fromGeminiErrorResponse,
};
