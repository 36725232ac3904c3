import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from './count-tokens';
import { countTokensInSlices } from './count-tokens-in-slices';

test('counts as one pass does, give or take the slice boundaries', async () => {
  const text = 'The quick brown fox jumps over the lazy dog. '.repeat(2_000);
  const whole = await countTokens(text, 'gpt-4o');
  const sliced = await countTokensInSlices(text, 'gpt-4o');
  assert.ok(Math.abs(sliced - whole) <= 10, `${sliced} vs ${whole}`);
  assert.equal(await countTokensInSlices('', 'gpt-4o'), 0);
  assert.equal(await countTokensInSlices('tiktoken is great!', 'gpt-4o'), 6);
});

test('a large text never holds the event loop for long', async () => {
  const text = 'lorem ipsum dolor sit amet '.repeat(80_000);
  await countTokens('load the vocabulary first', 'claude-sonnet-4');
  // countTokens itself counts at most 50,000 characters exactly, so one pass over that many — about three slices — is
  // the yardstick: while the whole 2 MB is counted the loop turns between slices, and a typical wait is far shorter.
  const onePassText = 'lorem ipsum dolor sit amet '.repeat(1_850);
  const onePassStartedAt = performance.now();
  await countTokens(onePassText, 'claude-sonnet-4');
  const onePassMs = performance.now() - onePassStartedAt;
  const gapsMs: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gapsMs.push(now - last);
    last = now;
  }, 1);
  const counted = await countTokensInSlices(text, 'claude-sonnet-4');
  clearInterval(timer);
  assert.ok(counted > 300_000);
  const slices = Math.ceil(text.length / 16_384);
  assert.ok(gapsMs.length >= slices / 4, `the loop turned ${gapsMs.length} times over ${slices} slices`);
  const median = [...gapsMs].sort((a, b) => a - b)[Math.floor(gapsMs.length / 2)] ?? Number.POSITIVE_INFINITY;
  assert.ok(
    median < 2 * onePassMs,
    `the loop typically waited ${median.toFixed(1)} ms; two 50,000-character passes hold it ${(2 * onePassMs).toFixed(0)} ms`,
  );
});
