import type { TieredModelPrice } from './model-price';

/**
 * The day these prices were checked. USD per 1M tokens, standard (not batch, flex or priority) tier.
 *
 * Sources:
 * - OpenAI: https://developers.openai.com/api/docs/pricing and the model pages under
 *   https://developers.openai.com/api/docs/models/ (gpt-5-mini, gpt-5-nano, text-embedding-3-large, gpt-4,
 *   gpt-4-turbo read there); GitHub's Copilot price table (github/docs data/tables/copilot/models-and-pricing.yml)
 *   for gpt-4.1, gpt-5-mini, gpt-5.2.
 * - Anthropic: https://platform.claude.com/docs/en/about-claude/pricing ("Model pricing": base input,
 *   5-minute cache writes = 1.25x input, cache hits = 0.1x input, output).
 * - Google: https://ai.google.dev/gemini-api/docs/pricing (paid tier, text input; the context-caching price is
 *   the per-token read price; storage per hour is not per request and is not modelled).
 * - Cohere rerank: https://cohere.com/pricing ("Rerank": USD 2.00 per 1,000 searches; a search is one query over up
 *   to 100 documents), priced with `per_1k_searches`.
 * Entries marked `unverified` were taken from secondary sources (third-party price tables citing the provider's
 * page) because the provider's own page was not available to check; correct them with a `pricing:` override.
 */
export const PRICING_AS_OF = '2026-11-24';

const gpt4Turbo: TieredModelPrice = { input: 10, output: 30 };
const claudeOpus4: TieredModelPrice = { input: 15, output: 75, cached_input: 1.5, cache_write: 18.75 };
const claudeOpus45: TieredModelPrice = { input: 5, output: 25, cached_input: 0.5, cache_write: 6.25 };
const claudeSonnet: TieredModelPrice = { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 };
const claudeHaiku45: TieredModelPrice = { input: 1, output: 5, cached_input: 0.1, cache_write: 1.25 };

/** Keys are canonical model names (see normalizeModelName); dated snapshots resolve to them. */
export const BUILT_IN_PRICES: Readonly<Record<string, TieredModelPrice>> = {
  // OpenAI: GPT-5 family
  'gpt-5': { input: 1.25, output: 10, cached_input: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cached_input: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cached_input: 0.005 },
  'gpt-5.1': { input: 1.25, output: 10, cached_input: 0.125 }, // unverified
  'gpt-5.2': { input: 1.75, output: 14, cached_input: 0.175 },
  'gpt-5.4': { input: 2.5, output: 15, cached_input: 0.25 }, // unverified
  'gpt-5.4-mini': { input: 0.75, output: 4.5, cached_input: 0.075 }, // unverified
  'gpt-5.4-nano': { input: 0.2, output: 1.25, cached_input: 0.02 }, // unverified
  // OpenAI: GPT-4.1 and GPT-4o
  'gpt-4.1': { input: 2, output: 8, cached_input: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cached_input: 0.1 }, // unverified
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cached_input: 0.025 }, // unverified
  'gpt-4o': { input: 2.5, output: 10, cached_input: 1.25 },
  'gpt-4o-2024-05-13': { input: 5, output: 15 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cached_input: 0.075 },
  // OpenAI: reasoning models (reasoning tokens are part of completion tokens, billed as output)
  o1: { input: 15, output: 60, cached_input: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cached_input: 0.55 }, // unverified
  o3: { input: 2, output: 8, cached_input: 0.5 }, // unverified
  'o3-mini': { input: 1.1, output: 4.4, cached_input: 0.55 }, // unverified
  'o4-mini': { input: 1.1, output: 4.4, cached_input: 0.275 }, // unverified
  // OpenAI: older chat models and embeddings
  'gpt-4-turbo': gpt4Turbo,
  'gpt-4-turbo-preview': gpt4Turbo,
  'gpt-4-0125-preview': gpt4Turbo,
  'gpt-4-1106-preview': gpt4Turbo,
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 }, // unverified
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 }, // unverified
  // Anthropic
  'claude-opus-4-8': claudeOpus45,
  'claude-opus-4-7': claudeOpus45,
  'claude-opus-4-6': claudeOpus45,
  'claude-opus-4-5': claudeOpus45,
  'claude-opus-4-1': claudeOpus4,
  'claude-opus-4': claudeOpus4,
  'claude-opus-4-0': claudeOpus4,
  'claude-sonnet-4-6': claudeSonnet,
  'claude-sonnet-4-5': claudeSonnet,
  'claude-sonnet-4': claudeSonnet,
  'claude-sonnet-4-0': claudeSonnet,
  'claude-3-7-sonnet': claudeSonnet,
  'claude-3-5-sonnet': claudeSonnet, // unverified: retired, no longer on the pricing page
  'claude-haiku-4-5': claudeHaiku45,
  'claude-3-5-haiku': { input: 0.8, output: 4, cached_input: 0.08, cache_write: 1 },
  'claude-3-opus': claudeOpus4,
  'claude-3-haiku': { input: 0.25, output: 1.25, cached_input: 0.03, cache_write: 0.3 },
  // Cohere rerank, per search (unverified: the pricing page could not be read on 2026-12-06; last known list price)
  'rerank-v3.5': { input: 0, output: 0, per_1k_searches: 2 }, // unverified
  'rerank-english-v3.0': { input: 0, output: 0, per_1k_searches: 2 }, // unverified
  'rerank-multilingual-v3.0': { input: 0, output: 0, per_1k_searches: 2 }, // unverified
  // Google Gemini (thinking tokens are billed as output)
  'gemini-2.5-pro': {
    input: 1.25,
    output: 10,
    cached_input: 0.125, // unverified
    long_context: { above_prompt_tokens: 200_000, price: { input: 2.5, output: 15, cached_input: 0.25 } },
  },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cached_input: 0.03 }, // cached_input unverified
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cached_input: 0.01 }, // cached_input unverified
  'gemini-2.0-flash': { input: 0.1, output: 0.4, cached_input: 0.025 },
  'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
  'gemini-1.5-pro': {
    input: 1.25,
    output: 5,
    cached_input: 0.3125, // unverified: retired model, historical price
    long_context: { above_prompt_tokens: 128_000, price: { input: 2.5, output: 10, cached_input: 0.625 } },
  },
  'gemini-1.5-flash': {
    input: 0.075,
    output: 0.3,
    cached_input: 0.01875, // unverified: retired model, historical price
    long_context: { above_prompt_tokens: 128_000, price: { input: 0.15, output: 0.6, cached_input: 0.0375 } },
  },
  'gemini-1.5-flash-8b': {
    input: 0.0375,
    output: 0.15,
    cached_input: 0.01, // unverified: retired model, historical price
    long_context: { above_prompt_tokens: 128_000, price: { input: 0.075, output: 0.3, cached_input: 0.02 } },
  },
};
