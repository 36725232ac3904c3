import type { ProviderAccount } from '@sluice/config';
import type { ChatCompletionRequest, EmbeddingsRequest } from '../openai-chat-schema';
import type { ChatCompletion, ChatCompletionChunk, EmbeddingsResponse, Usage } from '../openai-response-types';
import type { ChatStreamTranslator, ProviderAdapter, ProviderCallContext, UpstreamRequest } from '../provider-adapter';
import { fromOpenAIErrorResponse } from './from-openai-error-response';
import { withoutCacheControl } from './without-cache-control';

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

function endpoint(account: ProviderAccount, path: string): string {
  return `${(account.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`;
}

function headers(context: ProviderCallContext): Record<string, string> {
  const result: Record<string, string> = { 'content-type': 'application/json', ...context.account.headers };
  if (context.apiKey !== undefined) result.authorization = `Bearer ${context.apiKey}`;
  return result;
}

/**
 * Any OpenAI-compatible server: the request is relayed with the target's model and without Anthropic's
 * cache_control breakpoints (OpenAI caches prompts on its own); the answer as it came.
 */
export const openAIAdapter: ProviderAdapter = {
  speaksOpenAI: true,

  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/chat/completions'),
      headers: headers(context),
      body: JSON.stringify({ ...withoutCacheControl(request), model: context.model }),
    };
  },

  fromChatResponse(body: unknown): ChatCompletion {
    return body as ChatCompletion;
  },

  createChatStreamTranslator(): ChatStreamTranslator {
    let usage: Usage | undefined;
    return {
      fromUpstreamEvent(event) {
        if (event.data === '[DONE]') return [];
        const chunk = JSON.parse(event.data) as ChatCompletionChunk;
        if (chunk.usage) usage = chunk.usage;
        return [chunk];
      },
      usage: () => usage,
    };
  },

  toResponsesRequest(body: Record<string, unknown>, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/responses'),
      headers: headers(context),
      body: JSON.stringify({ ...body, model: context.model }),
    };
  },

  toEmbeddingsRequest(request: EmbeddingsRequest, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/embeddings'),
      headers: headers(context),
      body: JSON.stringify({ ...request, model: context.model }),
    };
  },

  fromEmbeddingsResponse(body: unknown): EmbeddingsResponse {
    return body as EmbeddingsResponse;
  },

  fromErrorResponse: fromOpenAIErrorResponse,
};
