import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_PRICES, PRICING_AS_OF } from './built-in-prices';
import { PriceBook } from './price-book';

describe('PriceBook', () => {
  const book = new PriceBook();

  it('resolves dated snapshots and provider prefixes to the base model', () => {
    assert.equal(book.lookup('gpt-4o-2024-08-06')?.model, 'gpt-4o');
    assert.equal(book.lookup('anthropic/claude-3-5-haiku-latest')?.model, 'claude-3-5-haiku');
    assert.equal(book.lookup('models/gemini-2.0-flash-001')?.price.input, 0.1);
  });

  it('prefers an exact snapshot entry over its base model', () => {
    assert.deepEqual(book.lookup('gpt-4o-2024-05-13')?.price, { input: 5, output: 15 });
    assert.equal(book.lookup('gpt-4-1106-preview')?.price.input, 10);
  });

  it('answers undefined for unknown or missing models', () => {
    assert.equal(book.lookup('my-finetune'), undefined);
    assert.equal(book.lookup(null), undefined);
    assert.equal(book.lookup(''), undefined);
  });

  it('lets config overrides win over the built-in table, by exact and by base name', () => {
    const overridden = new PriceBook({
      'my-finetune': { input: 0.5, output: 1.5, cached_input: 0.25 },
      'gpt-4o': { input: 2, output: 8 },
    });
    assert.deepEqual(overridden.lookup('my-finetune'), {
      model: 'my-finetune',
      price: { input: 0.5, output: 1.5, cached_input: 0.25 },
      source: 'override',
    });
    assert.equal(overridden.lookup('gpt-4o-2024-11-20')?.source, 'override');
    assert.equal(overridden.lookup('gpt-4o-2024-11-20')?.price.input, 2);
    assert.equal(overridden.lookup('gpt-4o-mini')?.source, 'built-in');
  });

  it('carries Anthropic cache rates of 1.25x (write) and 0.1x (read) of input', () => {
    for (const [name, price] of Object.entries(BUILT_IN_PRICES)) {
      // Claude 3 Haiku is the published exception: $0.30 write (1.2x) and $0.03 read (0.12x) on $0.25.
      if (!name.startsWith('claude-') || name === 'claude-3-haiku') continue;
      assert.ok(price.cached_input !== undefined && price.cache_write !== undefined, name);
      assert.ok(Math.abs(price.cache_write - price.input * 1.25) < 1e-9, `${name} cache_write`);
      assert.ok(Math.abs(price.cached_input - price.input * 0.1) < 1e-9, `${name} cached_input`);
    }
  });

  it('is dated', () => assert.match(PRICING_AS_OF, /^\d{4}-\d{2}-\d{2}$/));
});
