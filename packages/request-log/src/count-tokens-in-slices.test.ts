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
  const onePassStartedAt = performance.now();
  await countTokens(text, 'claude-sonnet-4');
  const onePassMs = performance.now() - onePassStartedAt;
  let longestGapMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 1);
  const counted = await countTokensInSlices(text, 'claude-sonnet-4');
  clearInterval(timer);
  assert.ok(counted > 300_000);
  assert.ok(
    longestGapMs < onePassMs / 4,
    `the loop waited ${longestGapMs.toFixed(0)} ms at most; one pass holds it ${onePassMs.toFixed(0)} ms`,
  );
});
