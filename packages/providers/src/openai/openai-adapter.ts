import type { ProviderAccount } from '@sluice/config';
import type { ForwardedOperation } from '../forwarded-operation';
import { mediaHeaders } from '../media/media-headers';
import type { MediaOperation } from '../media/media-operation';
import type { ChatCompletionRequest, EmbeddingsRequest } from '../openai-chat-schema';
import type { ChatCompletion, EmbeddingsResponse } from '../openai-response-types';
import { parseUpstreamBody } from '../parse-upstream-body';
import type {
  ChatStreamTranslator,
  MediaRequestBody,
  MediaUpstreamRequest,
  ProviderAdapter,
  ProviderCallContext,
  UpstreamRequest,
} from '../provider-adapter';
import { fromOpenAIErrorResponse } from './from-openai-error-response';
import { OpenAIStreamTranslator } from './openai-stream-translator';
import { OpenAIChatCompletionSchema, OpenAIEmbeddingsResponseSchema } from './openai-wire-schemas';
import { withoutAnthropicFields } from './without-anthropic-fields';

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
 * cache_control breakpoints (OpenAI caches prompts on its own) and signed thinking; the answer as it came, once it has been validated
 * (docs/tenancy-and-upstream-validation.md).
 */
export const openAIAdapter: ProviderAdapter = {
  speaksOpenAI: true,

  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/chat/completions'),
      headers: headers(context),
      body: JSON.stringify({ ...withoutAnthropicFields(request), model: context.model }),
    };
  },

  toChatRequestText(body: string, context: ProviderCallContext): UpstreamRequest {
    return { method: 'POST', url: endpoint(context.account, '/chat/completions'), headers: headers(context), body };
  },

  fromChatResponse(body: unknown, context: ProviderCallContext): ChatCompletion {
    const completion = parseUpstreamBody(OpenAIChatCompletionSchema, body, context.account.type);
    return { ...completion, model: completion.model ?? context.model };
  },

  createChatStreamTranslator(context: ProviderCallContext): ChatStreamTranslator {
    return new OpenAIStreamTranslator(context.account.type);
  },

  toResponsesRequest(body: Record<string, unknown>, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/responses'),
      headers: headers(context),
      body: JSON.stringify({ ...body, model: context.model }),
    };
  },

  toForwardedRequest(operation: ForwardedOperation, body: string, context: ProviderCallContext): UpstreamRequest {
    return { method: 'POST', url: endpoint(context.account, `/${operation}`), headers: headers(context), body };
  },

  toEmbeddingsRequest(request: EmbeddingsRequest, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, '/embeddings'),
      headers: headers(context),
      body: JSON.stringify({ ...request, model: context.model }),
    };
  },

  toMediaRequest(
    operation: MediaOperation,
    media: MediaRequestBody,
    context: ProviderCallContext,
  ): MediaUpstreamRequest {
    return {
      method: 'POST',
      url: endpoint(context.account, `/${operation}`),
      headers: mediaHeaders(headers(context), media),
      body: media.body,
    };
  },

  fromEmbeddingsResponse(body: unknown, context: ProviderCallContext): EmbeddingsResponse {
    const embeddings = parseUpstreamBody(OpenAIEmbeddingsResponseSchema, body, context.account.type);
    return { ...embeddings, model: embeddings.model ?? context.model };
  },

  fromErrorResponse: fromOpenAIErrorResponse,
};
