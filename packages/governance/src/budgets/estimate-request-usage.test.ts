import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayConfigSchema, type RoutingConfig } from '@sluice/config';
import { PriceBook } from '@sluice/request-log';
import { DEFAULT_MAX_OUTPUT_TOKENS, estimateRequestUsage } from './estimate-request-usage';
import { routeModels } from './route-models';

describe('the upper-bound usage a request is reserved at', () => {
  const prices = new PriceBook({ cheap: { input: 1, output: 2 }, dear: { input: 10, output: 20 } });
  const chat = { model: 'cheap', messages: [{ role: 'user', content: 'Hello there, how are you today?' }] };

  test('prompt tokens plus max_tokens × n, priced per million tokens', async () => {
    const estimate = await estimateRequestUsage(
      { ...chat, max_tokens: 100, n: 2 },
      [{ model: 'cheap', maxTokens: undefined }],
      prices,
    );
    assert.ok(estimate.tokens > 200 && estimate.tokens < 230, String(estimate.tokens));
    const promptTokens = estimate.tokens - 200;
    assert.equal(estimate.nanoUsd, Math.ceil(((promptTokens * 1 + 200 * 2) / 1e6) * 1e9));
  });

  test('without max_tokens the default output is assumed; embeddings have no output', async () => {
    const chatEstimate = await estimateRequestUsage(chat, [], prices);
    assert.ok(chatEstimate.tokens > DEFAULT_MAX_OUTPUT_TOKENS);
    const embeddings = await estimateRequestUsage({ model: 'cheap', input: ['a', 'b'] }, [], prices);
    assert.ok(embeddings.tokens < 20);
  });

  test('a rerank reserves its searches (one per 100 documents) beside the tokens of its query and documents', async () => {
    const rerankPrices = new PriceBook({ reranker: { input: 0, output: 0, per_1k_searches: 2 } });
    const documents = Array.from({ length: 150 }, (_, index) => `document ${index}`);
    const estimate = await estimateRequestUsage(
      { model: 'reranker', query: 'which one', documents },
      [],
      rerankPrices,
      false,
    );
    assert.equal(estimate.nanoUsd, 2 * 2_000_000, 'two searches at $2 per 1,000');
    assert.ok(estimate.tokens > 150, String(estimate.tokens));
  });

  test('a Responses API body: input counted as prompt, max_output_tokens as output', async () => {
    const body = { model: 'cheap', input: 'Hello there', max_output_tokens: 300 };
    const estimate = await estimateRequestUsage(body, [], prices, true);
    assert.ok(estimate.tokens > 300 && estimate.tokens < 320, String(estimate.tokens));
    const unbounded = await estimateRequestUsage({ model: 'cheap', input: 'Hello there' }, [], prices, true);
    assert.ok(unbounded.tokens > DEFAULT_MAX_OUTPUT_TOKENS);
  });

  test('the dearest model the route could call sets the price; unpriced models reserve nothing', async () => {
    const config = GatewayConfigSchema.parse({
      providers: { p: { type: 'openai' } },
      configs: {
        chain: {
          strategy: 'fallback',
          targets: [
            { provider: 'p', model: 'cheap' },
            { config: { targets: [{ provider: 'p', model: 'dear', override_params: { max_tokens: 50 } }] } },
          ],
        },
      },
    });
    const candidates = routeModels(config.configs.chain as RoutingConfig, 'ignored');
    assert.deepEqual(candidates, [
      { model: 'cheap', maxTokens: undefined },
      { model: 'dear', maxTokens: 50 },
    ]);
    const estimate = await estimateRequestUsage({ ...chat, max_tokens: 10 }, candidates, prices);
    const dear = await estimateRequestUsage(
      { ...chat, max_tokens: 50 },
      [{ model: 'dear', maxTokens: undefined }],
      prices,
    );
    assert.equal(estimate.nanoUsd, dear.nanoUsd, 'the dear target, at its forced 50 output tokens');
    assert.equal(
      (await estimateRequestUsage(chat, [{ model: 'unknown-model', maxTokens: undefined }], prices)).nanoUsd,
      0,
    );
  });

  test('inline images count as a fixed amount, not as base64 text', async () => {
    const image = `data:image/png;base64,${'A'.repeat(500_000)}`;
    const estimate = await estimateRequestUsage(
      {
        model: 'cheap',
        max_tokens: 1,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }],
      },
      [],
      prices,
    );
    assert.ok(estimate.tokens < 2_000, String(estimate.tokens));
  });
});
