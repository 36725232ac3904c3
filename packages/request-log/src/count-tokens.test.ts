import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countChatTokens, countTokens, encodingForModel } from './count-tokens';

describe('countTokens', () => {
  it('picks the encoding by model', () => {
    assert.equal(encodingForModel('gpt-4o-2024-08-06'), 'o200k_base');
    assert.equal(encodingForModel('gpt-4.1-mini'), 'o200k_base');
    assert.equal(encodingForModel('o3-mini'), 'o200k_base');
    assert.equal(encodingForModel('gpt-5'), 'o200k_base');
    assert.equal(encodingForModel('gpt-4-0613'), 'cl100k_base');
    assert.equal(encodingForModel('gpt-3.5-turbo'), 'cl100k_base');
    assert.equal(encodingForModel('text-embedding-3-small'), 'cl100k_base');
    assert.equal(encodingForModel('claude-sonnet-4'), 'o200k_base');
  });

  it('counts with the real vocabularies, loaded from the package offline', async () => {
    // OpenAI's cookbook example: "tiktoken is great!" is 6 tokens in cl100k_base.
    assert.equal(await countTokens('tiktoken is great!', 'gpt-4'), 6);
    assert.equal(await countTokens('tiktoken is great!', 'gpt-4o'), 6);
    assert.equal(await countTokens('', 'gpt-4o'), 0);
    assert.ok((await countTokens('The quick brown fox jumps over the lazy dog. '.repeat(10), 'gpt-4o')) >= 90);
  });

  it('counts chat prompts with OpenAI framing: 3 per message, 1 more per name, 3 to prime the reply', async () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'tiktoken is great!', name: 'ada' },
    ];
    const parts = await Promise.all(
      ['system', 'You are terse.', 'user', 'tiktoken is great!', 'ada'].map((text) => countTokens(text, 'gpt-4o')),
    );
    const expected = parts.reduce((sum, part) => sum + part, 0) + 3 * 2 + 1 + 3;
    assert.equal(await countChatTokens(messages, 'gpt-4o'), expected);
  });

  it('is linear in the text: long runs of one letter or script are counted in bounded pieces', async () => {
    await countTokens('warm up', 'gpt-4o');
    const started = performance.now();
    const repeated = await countTokens('x'.repeat(8_000), 'gpt-4o');
    const chinese = await countTokens('我们今天去公园散步然后吃饭'.repeat(300), 'gpt-4o');
    const elapsed = performance.now() - started;
    // Unbounded, these took about 20 s and 70 s on the 2-core test machine.
    assert.ok(elapsed < 5_000, `8,000 x and 3,900 Chinese characters took ${elapsed.toFixed(0)} ms`);
    assert.equal(repeated, 1_000, 'x×16 is 2 tokens in o200k_base, so the pieces add up to the exact count');
    assert.ok(chinese >= 2_500 && chinese <= 4_000, String(chinese));
  });

  it('counts a long text over its first 50,000 characters, scaled up', async () => {
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const started = performance.now();
    const counted = await countTokens(sentence.repeat(20_000), 'gpt-4o');
    const elapsed = performance.now() - started;
    const expected = 20 * (await countTokens(sentence.repeat(1_000), 'gpt-4o'));
    assert.ok(Math.abs(counted - expected) <= expected / 100, `${counted} vs ${expected}`);
    assert.ok(elapsed < 5_000, `900,000 characters took ${elapsed.toFixed(0)} ms`);
  });
});
