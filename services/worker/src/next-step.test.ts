import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayTimeoutError, InternalError, InvalidRequestError, UpstreamError } from '@sluice/errors';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { type AttemptOutcome, nextStep } from './next-step';

const NOW = 1_000_000;
const policy = { maxRateLimitDeferrals: 3, random: () => 0.5 };

function target(overrides: Partial<PlannedTarget> = {}): PlannedTarget {
  return {
    provider: 'openai',
    model: 'm',
    overrideParams: {},
    retry: { attempts: 3, onStatus: [429, 500, 502, 503], backoffMs: 100 },
    fallbackOn: [429, 500, 'timeout', 'network'],
    timeoutMs: 30_000,
    ...overrides,
  };
}

function job(overrides: Partial<ProviderJob> = {}): ProviderJob {
  return {
    requestId: 'req_1',
    mode: 'sync',
    kind: 'chat',
    stream: false,
    body: {},
    plan: [target(), target({ provider: 'backup' })],
    step: 0,
    attempts: [],
    deferrals: 0,
    receivedAt: NOW - 1_000,
    enqueuedAt: NOW - 1_000,
    deadlineAt: NOW + 60_000,
    context: { requestedModel: 'm', metadata: {}, properties: {}, omitBodies: false },
    ...overrides,
  };
}

function upstreamFailure(
  error: UpstreamError,
  overrides: Partial<{ attempt: number; streamStarted: boolean; circuitOpened: boolean }> = {},
): AttemptOutcome {
  return { kind: 'upstream-failed', error, attempt: 1, streamStarted: false, circuitOpened: false, ...overrides };
}

const serverError = () => new UpstreamError({ message: 'boom', kind: 'status', status: 500 });
const rateLimited = (retryAfterMs?: number) =>
  new UpstreamError({ message: 'slow down', kind: 'status', status: 429, retryAfterMs });

describe('nextStep', () => {
  test('an answer, or a cancellation, is done', () => {
    assert.deepEqual(nextStep({ kind: 'answered' }, target(), job(), NOW, policy), { kind: 'done' });
    assert.deepEqual(nextStep({ kind: 'cancelled' }, target(), job(), NOW, policy), { kind: 'done' });
  });

  test('a retryable provider failure is retried after a backoff within the deadline', () => {
    const step = nextStep(upstreamFailure(serverError()), target(), job(), NOW, policy);
    assert.deepEqual(step, { kind: 'retry', delayMs: 50 });
  });

  test('a provider Retry-After longer than the backoff wins', () => {
    const error = new UpstreamError({ message: 'busy', kind: 'status', status: 503, retryAfterMs: 2_000 });
    assert.deepEqual(nextStep(upstreamFailure(error), target(), job(), NOW, policy), { kind: 'retry', delayMs: 2_000 });
  });

  test('after the last attempt a fallback-eligible failure moves to the next target', () => {
    const step = nextStep(upstreamFailure(serverError(), { attempt: 3 }), target(), job(), NOW, policy);
    assert.deepEqual(step, { kind: 'fallback' });
  });

  test('a status outside on_status is not retried: it falls back', () => {
    const error = new UpstreamError({ message: 'gateway', kind: 'status', status: 504 });
    const step = nextStep(upstreamFailure(error), target({ fallbackOn: [504] }), job(), NOW, policy);
    assert.deepEqual(step, { kind: 'fallback' });
  });

  test('a failure that opened the circuit is not retried', () => {
    const step = nextStep(upstreamFailure(serverError(), { circuitOpened: true }), target(), job(), NOW, policy);
    assert.deepEqual(step, { kind: 'fallback' });
  });

  test('a retry whose backoff would pass the deadline is not made', () => {
    const step = nextStep(upstreamFailure(serverError()), target(), job({ deadlineAt: NOW + 10 }), NOW, policy);
    assert.deepEqual(step, { kind: 'fallback' });
  });

  test('without a next target, an exhausted failure fails with the provider error', () => {
    const error = serverError();
    const step = nextStep(upstreamFailure(error, { attempt: 3 }), target(), job({ step: 1 }), NOW, policy);
    assert.deepEqual(step, { kind: 'fail', error, timedOut: false });
  });

  test('a provider 4xx fails at once: not retried, not moved to another target', () => {
    const error = new UpstreamError({ message: 'bad key', kind: 'status', status: 401 });
    assert.deepEqual(nextStep(upstreamFailure(error), target(), job(), NOW, policy), {
      kind: 'fail',
      error,
      timedOut: false,
    });
  });

  test('once chunks reached the client nothing is tried again', () => {
    const error = new UpstreamError({ message: 'reset', kind: 'network' });
    const step = nextStep(upstreamFailure(error, { streamStarted: true }), target(), job(), NOW, policy);
    assert.deepEqual(step, { kind: 'fail', error, timedOut: false });
    const limited = rateLimited(500);
    const afterStart = nextStep(upstreamFailure(limited, { streamStarted: true }), target(), job(), NOW, policy);
    assert.equal(afterStart.kind, 'fail');
  });

  test('a failure after the deadline fails as timed out, without a fallback', () => {
    const error = serverError();
    const step = nextStep(upstreamFailure(error), target(), job({ deadlineAt: NOW }), NOW, policy);
    assert.deepEqual(step, { kind: 'fail', error, timedOut: true });
  });

  test('a provider 429 puts the job back for its Retry-After, counted, without spending an attempt', () => {
    assert.deepEqual(nextStep(upstreamFailure(rateLimited(1_500)), target(), job(), NOW, policy), {
      kind: 'defer',
      delayMs: 1_500,
      counted: true,
    });
    assert.deepEqual(nextStep(upstreamFailure(rateLimited()), target(), job(), NOW, policy), {
      kind: 'defer',
      delayMs: 1_000,
      counted: true,
    });
  });

  test('a 429 past the deferral bound is an ordinary failure: retried', () => {
    const step = nextStep(upstreamFailure(rateLimited(200)), target(), job({ deferrals: 3 }), NOW, policy);
    assert.deepEqual(step, { kind: 'retry', delayMs: 200 });
  });

  test('a 429 whose wait would pass the deadline falls back when a fallback is ready', () => {
    const step = nextStep(upstreamFailure(rateLimited(5_000)), target(), job({ deadlineAt: NOW + 4_000 }), NOW, policy);
    assert.deepEqual(step, { kind: 'fallback' });
    const lastTarget = nextStep(
      upstreamFailure(rateLimited(5_000)),
      target(),
      job({ step: 1, deadlineAt: NOW + 4_000 }),
      NOW,
      policy,
    );
    assert.deepEqual(lastTarget, { kind: 'defer', delayMs: 5_000, counted: true });
  });

  test('a request the target cannot take fails at once with its own 400', () => {
    const error = new InvalidRequestError('`n` is not supported', { param: 'n' });
    assert.deepEqual(nextStep({ kind: 'refused', error }, target(), job(), NOW, policy), {
      kind: 'fail',
      error,
      timedOut: false,
    });
  });

  test("Sluice's own failure fails at once: no retry, no fallback, whatever the target allows", () => {
    const error = new InternalError({ requestId: 'req_1', cause: new TypeError('x is undefined') });
    assert.deepEqual(nextStep({ kind: 'internal', error }, target(), job(), NOW, policy), {
      kind: 'fail',
      error,
      timedOut: false,
    });
  });

  test('a job picked up after its deadline fails as timed out', () => {
    const step = nextStep({ kind: 'expired' }, target(), job({ deadlineAt: NOW - 1 }), NOW, policy);
    assert.equal(step.kind, 'fail');
    assert.ok(step.kind === 'fail' && step.error instanceof GatewayTimeoutError && step.timedOut);
  });
});
