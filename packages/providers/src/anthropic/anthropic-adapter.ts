import type { ProviderAccount } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import type { ChatCompletionRequest } from '../openai-chat-schema';
import type { ProviderAdapter, ProviderCallContext, UpstreamRequest } from '../provider-adapter';
import { createAnthropicStreamTranslator } from './anthropic-stream-translator';
import { fromAnthropicErrorResponse } from './from-anthropic-error-response';
import { fromAnthropicMessage } from './from-anthropic-message';
import { toAnthropicRequest } from './to-anthropic-request';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

/** `${base}/v1/messages`; a base_url that already ends in /v1 is not given a second one. */
export function messagesUrl(account: ProviderAccount): string {
  const base = (account.base_url ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return /\/v1$/.test(base) ? `${base}/messages` : `${base}/v1/messages`;
}

export function anthropicHeaders(context: ProviderCallContext): Record<string, string> {
  const result: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
    ...context.account.headers,
  };
  if (context.apiKey !== undefined) result['x-api-key'] = context.apiKey;
  return result;
}

function noEmbeddings(): never {
  throw new InvalidRequestError(
    'The anthropic provider has no embeddings API; route embeddings to an openai, azure-openai or gemini provider.',
    { param: 'model', code: 'unsupported_operation' },
  );
}

/** Anthropic Messages API ⇄ OpenAI chat completions. */
export const anthropicAdapter: ProviderAdapter = {
  speaksOpenAI: false,

  toChatRequest(request: ChatCompletionRequest, context: ProviderCallContext): UpstreamRequest {
    return {
      method: 'POST',
      url: messagesUrl(context.account),
      headers: anthropicHeaders(context),
      body: JSON.stringify(toAnthropicRequest(request, context.model)),
    };
  },

  fromChatResponse: fromAnthropicMessage,
  createChatStreamTranslator: createAnthropicStreamTranslator,
  toEmbeddingsRequest: noEmbeddings,
  fromEmbeddingsResponse: noEmbeddings,
  fromErrorResponse: fromAnthropicErrorResponse,
};
