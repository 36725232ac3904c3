import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ThrottledWarning } from './throttled-warning';

test('logs the first warning, holds back the rest of the interval, then reports how many were held back', () => {
  const logged: { details: object; message: string }[] = [];
  let now = 0;
  const warning = new ThrottledWarning(
    { warn: (details, message) => logged.push({ details, message }) },
    1_000,
    () => now,
  );
  warning.warn({ requestId: 'a' }, 'failed');
  now = 500;
  warning.warn({ requestId: 'b' }, 'failed');
  warning.warn({ requestId: 'c' }, 'failed');
  now = 1_000;
  warning.warn({ requestId: 'd' }, 'failed');
  assert.deepEqual(logged, [
    { details: { requestId: 'a', heldBack: 0 }, message: 'failed' },
    { details: { requestId: 'd', heldBack: 2 }, message: 'failed' },
  ]);
});
