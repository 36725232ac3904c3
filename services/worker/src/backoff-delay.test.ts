import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff-delay';
import { estimateCallTokens } from './token-budget';

test('full jitter stays under the exponential ceiling', () => {
  assert.equal(backoffDelay({ attempt: 1, baseMs: 100, random: () => 0.999 }), 99);
  assert.equal(backoffDelay({ attempt: 3, baseMs: 100, random: () => 0.5 }), 200);
  assert.equal(backoffDelay({ attempt: 3, baseMs: 100, random: () => 0 }), 0);
  assert.equal(backoffDelay({ attempt: 30, baseMs: 100, random: () => 0.999, maxMs: 5_000 }), 4_995);
});

test("a provider's Retry-After wins when longer", () => {
  assert.equal(backoffDelay({ attempt: 1, baseMs: 100, random: () => 0.5, retryAfterMs: 2_000 }), 2_000);
  assert.equal(backoffDelay({ attempt: 4, baseMs: 1_000, random: () => 0.9, retryAfterMs: 10 }), 7_200);
});

test('the token estimate is the prompt plus the most the answer may take', () => {
  const messages = [{ role: 'user', content: 'x'.repeat(400) }];
  assert.equal(estimateCallTokens({ messages, max_tokens: 50 }), Math.ceil(JSON.stringify(messages).length / 4) + 50);
  assert.equal(estimateCallTokens({ messages: [], max_completion_tokens: 10 }), 11);
  assert.equal(estimateCallTokens({ input: ['abcd'] }), 2);
  assert.equal(estimateCallTokens({ model: 'm' }, 'x'.repeat(40)), 10 + 1024, 'a body carried as text: all of it');
});
