import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { lazyTranslation } from './lazy-translation';

test('translates once, on first use, and keeps the result', () => {
  let calls = 0;
  const translate = lazyTranslation(() => {
    calls += 1;
    return { body: { model: 'm', messages: [] }, omitted: ['cache_control'] };
  });
  assert.equal(calls, 0, 'nothing is translated until a plan asks');
  const first = translate();
  assert.deepEqual(first, { ok: true, body: { model: 'm', messages: [] }, omitted: ['cache_control'] });
  assert.equal(translate(), first);
  assert.equal(calls, 1);
});

test('keeps a refusal (400) as the outcome, and lets any other failure through', () => {
  const refusal = new InvalidRequestError('tool_choice cannot be carried', { param: 'tool_choice' });
  const refused = lazyTranslation(() => {
    throw refusal;
  });
  assert.deepEqual(refused(), { ok: false, error: refusal });
  const broken = lazyTranslation(() => {
    throw new TypeError('a translator bug');
  });
  assert.throws(broken, TypeError);
});
