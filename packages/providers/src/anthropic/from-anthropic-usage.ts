import type { Usage } from '../openai-response-types';

export interface AnthropicTokenCounts {
  input_tokens?: number | null | undefined;
  output_tokens?: number | null | undefined;
  cache_creation_input_tokens?: number | null | undefined;
  cache_read_input_tokens?: number | null | undefined;
}

/**
 * Anthropic's counts in OpenAI's shape. Anthropic's input_tokens excludes cached tokens, so
 * prompt_tokens = input + cache reads + cache writes, with both cache counts itemised.
 */
export function fromAnthropicUsage(counts: AnthropicTokenCounts): Usage {
  const cacheRead = counts.cache_read_input_tokens ?? 0;
  const cacheCreation = counts.cache_creation_input_tokens ?? 0;
  const promptTokens = (counts.input_tokens ?? 0) + cacheRead + cacheCreation;
  const completionTokens = counts.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_creation_tokens: cacheCreation },
  };
}
