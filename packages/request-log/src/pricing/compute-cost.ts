import type { ModelPrice, TieredModelPrice } from './model-price';

/**
 * Token counts in OpenAI's convention, which every provider adapter normalises to: `prompt_tokens` includes
 * cached (read) and cache-write tokens; `completion_tokens` includes reasoning tokens.
 */
export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
  cache_write_tokens?: number;
  /** Informational: already inside completion_tokens, so never billed again. */
  reasoning_tokens?: number;
  /** Rerank searches, billed at the model's `per_1k_searches`. */
  search_units?: number;
}

export interface CostBreakdown {
  input_usd: number;
  cached_input_usd: number;
  cache_write_usd: number;
  output_usd: number;
  search_usd: number;
}

export interface CostResult {
  cost_usd: number;
  /** False when the model has no price: the cost is 0 and means "unknown", not "free". */
  priced: boolean;
  breakdown: CostBreakdown;
}

const PER_MILLION = 1_000_000;
const ZERO: CostBreakdown = { input_usd: 0, cached_input_usd: 0, cache_write_usd: 0, output_usd: 0, search_usd: 0 };

/**
 * Prices one request. Cached tokens are billed at the cached rate and cache writes at the write rate (each at
 * the input rate when the model has none), and neither again as plain input. Output covers reasoning tokens. Rerank
 * searches are billed per search.
 */
export function computeCost(usage: TokenUsage, price: TieredModelPrice | ModelPrice | undefined): CostResult {
  if (price === undefined) return { cost_usd: 0, priced: false, breakdown: ZERO };
  const rates = rateFor(usage, price);
  const cached = nonNegative(usage.cached_tokens);
  const written = nonNegative(usage.cache_write_tokens);
  const uncached = Math.max(0, nonNegative(usage.prompt_tokens) - cached - written);
  const breakdown: CostBreakdown = {
    input_usd: roundUsd((uncached * rates.input) / PER_MILLION),
    cached_input_usd: roundUsd((cached * (rates.cached_input ?? rates.input)) / PER_MILLION),
    cache_write_usd: roundUsd((written * (rates.cache_write ?? rates.input)) / PER_MILLION),
    output_usd: roundUsd((nonNegative(usage.completion_tokens) * rates.output) / PER_MILLION),
    search_usd: roundUsd((nonNegative(usage.search_units) * (rates.per_1k_searches ?? 0)) / 1_000),
  };
  const total =
    breakdown.input_usd +
    breakdown.cached_input_usd +
    breakdown.cache_write_usd +
    breakdown.output_usd +
    breakdown.search_usd;
  return { cost_usd: roundUsd(total), priced: true, breakdown };
}

function rateFor(usage: TokenUsage, price: TieredModelPrice | ModelPrice): ModelPrice {
  const tier = 'long_context' in price ? price.long_context : undefined;
  if (tier !== undefined && nonNegative(usage.prompt_tokens) > tier.above_prompt_tokens) return tier.price;
  return price;
}

function nonNegative(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Rounds to a billionth of a cent, hiding floating-point noise without losing real precision. */
function roundUsd(value: number): number {
  return Math.round(value * 1e11) / 1e11;
}
