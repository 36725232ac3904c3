import { GatewayTimeoutError, type InternalError, type SluiceError, type UpstreamError } from '@sluice/errors';
import type { PlannedTarget, ProviderJob } from '@sluice/queues';
import { backoffDelay } from './backoff-delay';

/** How one try on the current target ended, as the policy needs to know it. */
export type AttemptOutcome =
  /** The provider answered and the answer was handed on. */
  | { kind: 'answered' }
  /** The client went away or the job was cancelled. */
  | { kind: 'cancelled' }
  /** The job's deadline had passed before this try could start. */
  | { kind: 'expired' }
  /** The request cannot be sent to this target as it is (a 400 the client must fix): neither retried nor moved. */
  | { kind: 'refused'; error: SluiceError }
  /** Sluice failed on its own side (Redis, delivery, a translator bug): never the provider's fault. */
  | { kind: 'internal'; error: InternalError }
  /** The provider (or the way to it) failed. */
  | {
      kind: 'upstream-failed';
      error: UpstreamError;
      /** 1 for the first try on this target. */
      attempt: number;
      /** Chunks already reached the client: nothing can be tried again without repeating them. */
      streamStarted: boolean;
      /** This failure opened the target's circuit. */
      circuitOpened: boolean;
    };

/** What the worker does next. */
export type NextStep =
  | { kind: 'done' }
  | { kind: 'retry'; delayMs: number }
  /** Back in this target's queue without spending an attempt; `counted` toward the job's deferral bound. */
  | { kind: 'defer'; delayMs: number; counted: boolean }
  /** Re-queued to the next target of the plan. */
  | { kind: 'fallback' }
  /** Answer the client with `error` (the last failure; `timedOut` when the deadline passed). */
  | { kind: 'fail'; error: SluiceError; timedOut: boolean };

export interface RetryPolicy {
  /** How many times a provider 429 may put one job back in its queue (SLUICE_MAX_RATE_LIMIT_DEFERRALS). */
  maxRateLimitDeferrals: number;
  /** Backoff jitter source; Math.random unless a test fixes it. */
  random?: () => number;
}

/** Wait for a provider 429 that sent no Retry-After. */
const DEFAULT_RATE_LIMIT_DELAY_MS = 1_000;

/**
 * The worker's policy, pure (docs/failures-and-retries.md): given how a try ended, retry it (backoff, within the
 * deadline), put the job back on a provider 429, move to the next target on a fallback-eligible failure, or answer.
 * Sluice's own failures are answered at once: never retried, never moved to another provider.
 */
export function nextStep(
  outcome: AttemptOutcome,
  target: PlannedTarget,
  job: ProviderJob,
  now: number,
  policy: RetryPolicy,
): NextStep {
  switch (outcome.kind) {
    case 'answered':
    case 'cancelled':
      return { kind: 'done' };
    case 'expired':
      return { kind: 'fail', error: new GatewayTimeoutError('the request deadline passed'), timedOut: true };
    case 'refused':
    case 'internal':
      return { kind: 'fail', error: outcome.error, timedOut: false };
    case 'upstream-failed':
      return afterUpstreamFailure(outcome, target, job, now, policy);
  }
}

function afterUpstreamFailure(
  outcome: Extract<AttemptOutcome, { kind: 'upstream-failed' }>,
  target: PlannedTarget,
  job: ProviderJob,
  now: number,
  policy: RetryPolicy,
): NextStep {
  const { error } = outcome;
  const timedOut = now >= job.deadlineAt;
  if (outcome.streamStarted || timedOut) return { kind: 'fail', error, timedOut };
  const fallbackReady = job.step + 1 < job.plan.length && target.fallbackOn.includes(error.trigger);
  if (error.kind === 'status' && error.status === 429 && job.deferrals < policy.maxRateLimitDeferrals) {
    const delayMs = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_DELAY_MS;
    if (!fallbackReady || now + delayMs < job.deadlineAt) return { kind: 'defer', delayMs, counted: true };
  }
  if (!outcome.circuitOpened && outcome.attempt < target.retry.attempts && isRetryable(error, target)) {
    const delayMs = backoffDelay({
      attempt: outcome.attempt,
      baseMs: target.retry.backoffMs,
      retryAfterMs: error.retryAfterMs,
      random: policy.random,
    });
    if (now + delayMs < job.deadlineAt) return { kind: 'retry', delayMs };
  }
  if (fallbackReady) return { kind: 'fallback' };
  return { kind: 'fail', error, timedOut: false };
}

function isRetryable(error: UpstreamError, target: PlannedTarget): boolean {
  return error.retryable && (error.kind !== 'status' || target.retry.onStatus.includes(error.status));
}

/** Server errors, timeouts and network failures say a target is unhealthy; a 4xx or 429 does not. */
export function countsAgainstHealth(error: UpstreamError): boolean {
  return error.kind !== 'status' || (error.status >= 500 && error.status !== 529);
}
