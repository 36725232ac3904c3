import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeCost } from './compute-cost';
import { PriceBook } from './price-book';

const book = new PriceBook();
const priceOf = (model: string) => book.lookup(model)?.price;
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);

describe('computeCost', () => {
  it('prices gpt-4o with OpenAI prompt caching', () => {
    // 10,000 prompt tokens of which 4,000 cached, 1,000 completion tokens, at $2.50 / $1.25 cached / $10.
    // uncached 6,000 × 2.50/1M = 0.015; cached 4,000 × 1.25/1M = 0.005; output 1,000 × 10/1M = 0.01.
    const result = computeCost(
      { prompt_tokens: 10_000, completion_tokens: 1_000, cached_tokens: 4_000 },
      priceOf('gpt-4o'),
    );
    assert.equal(result.priced, true);
    close(result.breakdown.input_usd, 0.015);
    close(result.breakdown.cached_input_usd, 0.005);
    close(result.breakdown.output_usd, 0.01);
    close(result.cost_usd, 0.03);
  });

  it('prices Claude cache reads at 0.1x and cache writes at 1.25x, never again as input', () => {
    // Anthropic: input_tokens 200, cache_read 10,000, cache_creation 2,000, output 500 → prompt_tokens 12,200.
    // Sonnet 4 at $3 input, $0.30 read, $3.75 write, $15 output:
    // 200 × 3/1M = 0.0006; 10,000 × 0.30/1M = 0.003; 2,000 × 3.75/1M = 0.0075; 500 × 15/1M = 0.0075 → 0.0186.
    const usage = { prompt_tokens: 12_200, completion_tokens: 500, cached_tokens: 10_000, cache_write_tokens: 2_000 };
    const result = computeCost(usage, priceOf('claude-sonnet-4-20250514'));
    close(result.breakdown.input_usd, 0.0006);
    close(result.breakdown.cached_input_usd, 0.003);
    close(result.breakdown.cache_write_usd, 0.0075);
    close(result.breakdown.output_usd, 0.0075);
    close(result.cost_usd, 0.0186);
  });

  it('does not bill reasoning tokens twice: they are inside completion_tokens', () => {
    // o4-mini: 1,000 prompt × 1.10/1M = 0.0011; 3,000 completion (2,500 reasoning) × 4.40/1M = 0.0132.
    const usage = { prompt_tokens: 1_000, completion_tokens: 3_000, reasoning_tokens: 2_500 };
    close(computeCost(usage, priceOf('o4-mini')).cost_usd, 0.0143);
  });

  it('bills cached and written tokens at the input rate when the price has no cache rates', () => {
    // 1,000 prompt tokens (300 cached, 200 written) × 0.5/1M = 0.0005; 100 completion × 1.5/1M = 0.00015.
    const usage = { prompt_tokens: 1_000, completion_tokens: 100, cached_tokens: 300, cache_write_tokens: 200 };
    close(computeCost(usage, { input: 0.5, output: 1.5 }).cost_usd, 0.00065);
  });

  it('switches Gemini 2.5 Pro to its long-context rate above 200k prompt tokens', () => {
    // 300,000 × 2.50/1M = 0.75; 1,000 × 15/1M = 0.015.
    close(computeCost({ prompt_tokens: 300_000, completion_tokens: 1_000 }, priceOf('gemini-2.5-pro')).cost_usd, 0.765);
    // 100,000 × 1.25/1M = 0.125; 1,000 × 10/1M = 0.01.
    close(computeCost({ prompt_tokens: 100_000, completion_tokens: 1_000 }, priceOf('gemini-2.5-pro')).cost_usd, 0.135);
  });

  it('prices embeddings on input alone', () => {
    close(
      computeCost({ prompt_tokens: 1_000_000, completion_tokens: 0 }, priceOf('text-embedding-3-small')).cost_usd,
      0.02,
    );
  });

  it('prices rerank per search: Cohere rerank-v3.5 at $2.00 per 1,000 searches', () => {
    // 3 searches × 2.00/1K = 0.006; the zero token prices add nothing.
    const result = computeCost({ prompt_tokens: 0, completion_tokens: 0, search_units: 3 }, priceOf('rerank-v3.5'));
    close(result.breakdown.search_usd, 0.006);
    close(result.cost_usd, 0.006);
  });

  it('returns 0 with priced: false for an unknown model, never throwing', () => {
    assert.deepEqual(computeCost({ prompt_tokens: 5, completion_tokens: 5 }, priceOf('no-such-model')), {
      cost_usd: 0,
      priced: false,
      breakdown: { input_usd: 0, cached_input_usd: 0, cache_write_usd: 0, output_usd: 0, search_usd: 0 },
    });
  });

  it('never goes negative on inconsistent counts', () => {
    const result = computeCost(
      { prompt_tokens: 10, completion_tokens: -4, cached_tokens: 50 },
      { input: 1, output: 1, cached_input: 0.5 },
    );
    close(result.cost_usd, 0.000025);
  });
});
