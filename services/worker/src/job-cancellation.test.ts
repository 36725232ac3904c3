import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import { RequestCancelledError } from '@sluice/queues';
import { JobCancellation } from './job-cancellation';

test("a try's signal is aborted by the job's cancellation, with its reason, and so is the job's", () => {
  const cancellation = new JobCancellation();
  const attempt = cancellation.attempt(60_000);
  const reason = new RequestCancelledError();
  cancellation.abort(reason);
  assert.equal(attempt.signal.aborted, true);
  assert.equal(attempt.signal.reason, reason);
  assert.equal(cancellation.signal.reason, reason);
  attempt.release();
});

test('a job cancelled before the try starts gives an aborted signal', () => {
  const cancellation = new JobCancellation();
  const reason = new RequestCancelledError();
  cancellation.abort(reason);
  const attempt = cancellation.attempt(60_000);
  assert.equal(attempt.signal.reason, reason);
  attempt.release();
});

test("a try's timeout aborts it as an upstream timeout, not the job", async () => {
  const cancellation = new JobCancellation();
  const attempt = cancellation.attempt(5);
  await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve, { once: true }));
  assert.ok(attempt.signal.reason instanceof UpstreamError);
  assert.equal(attempt.signal.reason.kind, 'timeout');
  assert.equal(cancellation.signal.aborted, false);
  attempt.release();
});

test('a released try follows neither its timeout nor the cancellation; the next try follows it', async () => {
  const cancellation = new JobCancellation();
  const first = cancellation.attempt(5);
  first.release();
  const second = cancellation.attempt(60_000);
  cancellation.abort(new RequestCancelledError());
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(first.signal.aborted, false);
  assert.equal(second.signal.aborted, true);
  second.release();
});
