import type { Usage } from '../openai-response-types';
import type { GeminiUsageMetadata } from './gemini-wire-schemas';

/**
 * Gemini's usageMetadata in OpenAI's shape. promptTokenCount already includes cached tokens
 * (itemised as cached_tokens); thinking tokens are billed as output, so they count in completion_tokens
 * and are itemised as reasoning_tokens.
 */
export function fromGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const promptTokens = (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0);
  const reasoningTokens = metadata.thoughtsTokenCount ?? 0;
  const completionTokens = (metadata.candidatesTokenCount ?? 0) + reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: metadata.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}
