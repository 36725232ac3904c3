import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import { RequestCancelledError } from '@sluice/queues';
import { attemptSignal } from './attempt-signal';

test("a try's signal is aborted by the job's cancellation, with its reason", () => {
  const cancel = new AbortController();
  const attempt = attemptSignal(cancel.signal, 60_000);
  const reason = new RequestCancelledError();
  cancel.abort(reason);
  assert.equal(attempt.signal.aborted, true);
  assert.equal(attempt.signal.reason, reason);
  attempt.release();
});

test('a job cancelled before the try starts gives an aborted signal', () => {
  const cancel = new AbortController();
  const reason = new RequestCancelledError();
  cancel.abort(reason);
  const attempt = attemptSignal(cancel.signal, 60_000);
  assert.equal(attempt.signal.reason, reason);
  attempt.release();
});

test("a try's timeout aborts it as an upstream timeout", async () => {
  const attempt = attemptSignal(new AbortController().signal, 5);
  await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve, { once: true }));
  assert.ok(attempt.signal.reason instanceof UpstreamError);
  assert.equal(attempt.signal.reason.kind, 'timeout');
  attempt.release();
});

test('a released try follows neither its timeout nor the cancellation', async () => {
  const cancel = new AbortController();
  const attempt = attemptSignal(cancel.signal, 5);
  attempt.release();
  cancel.abort(new RequestCancelledError());
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(attempt.signal.aborted, false);
});
