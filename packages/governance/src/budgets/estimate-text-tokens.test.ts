import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { countTokens } from '@sluice/request-log';
import { estimateTextTokens } from './estimate-text-tokens';

/** A seeded generator, so the random texts are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function randomText(alphabet: string, length: number, next: () => number): string {
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

/** The larger of the two public tokenizers' counts: what an estimate must not fall far below. */
async function realTokens(text: string): Promise<number> {
  return Math.max(await countTokens(text, 'gpt-4o'), await countTokens(text, 'gpt-4'));
}

describe('the linear token estimate admission charges', () => {
  const next = seeded(15);
  const natural: Record<string, string> = {
    prose: 'The quick brown fox jumps over the lazy dog. Sluice routes, retries and caches model calls. '.repeat(12),
    code: readFileSync(new URL('./estimate-request-usage.ts', import.meta.url), 'utf8'),
    json: JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
    }).repeat(8),
    chinese: '我们今天去公园散步，然后吃饭。东京是日本的首都。'.repeat(10),
    russian: 'Привет, как дела? Сегодня хорошая погода. '.repeat(20),
    german: 'Die Donaudampfschifffahrtsgesellschaft veröffentlichte gestern ihre Jahresbilanz. '.repeat(10),
    numbers: randomText('0123456789 ', 1_500, next),
    hex: randomText('0123456789abcdef', 1_500, next),
  };

  test('natural text, code and JSON: never less than 85% of the real count, at most 3×', async () => {
    for (const [kind, text] of Object.entries(natural)) {
      const ratio = estimateTextTokens(text) / (await realTokens(text));
      assert.ok(ratio >= 0.85 && ratio <= 3, `${kind}: estimate/real = ${ratio.toFixed(2)}`);
    }
  });

  test('adversarial text (random letters, base64, emoji, one repeated character): never below 55%', async () => {
    const adversarial = {
      letters: randomText('abcdefghijklmnopqrstuvwxyz', 1_500, next),
      base64: randomText('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 1_500, next),
      emoji: '🎉🚀😀 '.repeat(100),
      repeated: 'x'.repeat(1_000),
    };
    for (const [kind, text] of Object.entries(adversarial)) {
      const ratio = estimateTextTokens(text) / (await realTokens(text));
      assert.ok(ratio >= 0.55, `${kind}: estimate/real = ${ratio.toFixed(2)}`);
    }
  });

  test('linear: 8,000 of one character in well under a millisecond per thousand, 8 MB in proportion', () => {
    assert.equal(estimateTextTokens(''), 0);
    assert.equal(estimateTextTokens('x'.repeat(8_000)), Math.ceil(8_000 / 3));
    const timed = (text: string) => {
      const started = performance.now();
      estimateTextTokens(text);
      return performance.now() - started;
    };
    timed('warm up '.repeat(10_000));
    const small = Math.min(...[0, 1, 2].map(() => timed('x'.repeat(1_000_000))));
    const large = Math.min(...[0, 1, 2].map(() => timed('x'.repeat(8_000_000))));
    assert.ok(large < 1_000, `8 MB took ${large.toFixed(1)} ms`);
    assert.ok(large < small * 8 * 3 + 5, `1 MB: ${small.toFixed(1)} ms, 8 MB: ${large.toFixed(1)} ms — not linear`);
  });
});
