import type { GatewayConfig } from '@sluice/config';
import { SluiceError, UpstreamError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import { adapterFor, type HttpTransport } from '@sluice/providers';
import {
  type Attempt,
  type CancelListener,
  type CompletionEventPublisher,
  JOB_PRIORITY,
  type PlannedTarget,
  type ProviderJob,
  type ProviderQueues,
  RequestCancelledError,
} from '@sluice/queues';
import { backoffDelay } from './backoff-delay';
import type { CallOutcome, StreamSink } from './call-outcome';
import { callUpstream } from './call-upstream';
import type { Admission, CircuitBreaker } from './circuit-breaker';
import { finalError } from './final-error';
import type { JobDelivery } from './job-delivery';
import { type JobOutcome, jobOutcomeEvent } from './job-outcome-event';
import type { ProviderKeyResolver } from './provider-key-resolver';
import { RateLimitDeferral } from './rate-limit-deferral';
import type { RequestPacer } from './request-pacer';
import { estimateCallTokens, type TokenBudget } from './token-budget';

export interface JobRunnerDependencies {
  config: () => GatewayConfig;
  transport: HttpTransport;
  keys: ProviderKeyResolver;
  queues: ProviderQueues;
  delivery: JobDelivery;
  events: CompletionEventPublisher;
  cancels: CancelListener;
  breaker: CircuitBreaker;
  tokens: TokenBudget;
  pacer: RequestPacer;
  logger: Logger;
  /** How many times a provider 429 may put one job back in its queue before it counts as a failure. */
  maxRateLimitDeferrals: number;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Run {
  job: ProviderJob;
  jobId: string | undefined;
  target: PlannedTarget;
  attempts: Attempt[];
  startedAt: number;
  cancel: AbortController;
  sink: StreamSink & { hasStarted: boolean };
  admission: Admission;
  dependencies: JobRunnerDependencies;
}

/**
 * Runs one provider job at its current plan step: skips a target whose circuit is open, retries with backoff, puts
 * the job back on a provider 429 (RateLimitDeferral), re-queues to the next target on a fallback-eligible failure,
 * and otherwise delivers the outcome and emits the completion event.
 */
export async function runProviderJob(
  job: ProviderJob,
  jobId: string | undefined,
  dependencies: JobRunnerDependencies,
): Promise<void> {
  const now = dependencies.now ?? Date.now;
  const target = job.plan[job.step] as PlannedTarget;
  const attempts: Attempt[] = [...job.attempts];
  const cancel = new AbortController();
  const admission = await dependencies.breaker.admit(targetKey(target));
  const run: Run = {
    job,
    jobId,
    target,
    attempts,
    startedAt: now(),
    cancel,
    sink: deliverySink(job, attempts, dependencies.delivery),
    admission,
    dependencies,
  };
  if (admission === 'open' && job.step + 1 < job.plan.length) {
    attempts.push({ provider: target.provider, model: target.model, status: 'circuit-open', latency_ms: 0 });
    await requeueToNextTarget(run);
    return;
  }
  const unregister = dependencies.cancels.register(job.requestId, cancel);
  try {
    await runWithTokenBudget(run);
  } finally {
    unregister();
  }
}

/** Longest a worker holds a job to wait for its paced slot; a later slot puts the job back in the queue instead. */
const MAX_PACING_WAIT_MS = 5_000;

async function runWithTokenBudget(run: Run): Promise<void> {
  const { dependencies, target, job } = run;
  const limits = dependencies.config().providers[target.provider]?.limits;
  if (limits?.rpm !== undefined) {
    const pace = await dependencies.pacer.reserve(target.provider, limits.rpm, MAX_PACING_WAIT_MS);
    if (!pace.reserved) throw new RateLimitDeferral(pace.retryInMs, run.attempts, false);
    if (pace.waitMs > 0) await (dependencies.sleep ?? sleep)(pace.waitMs, run.cancel.signal);
  }
  const tokensPerMinute = limits?.tpm;
  if (tokensPerMinute === undefined) {
    await attemptTarget(run);
    return;
  }
  const estimate = estimateCallTokens({ ...job.body, ...target.overrideParams });
  const reservation = await dependencies.tokens.reserve(target.provider, tokensPerMinute, estimate);
  if (!reservation.granted) throw new RateLimitDeferral(reservation.retryInMs, run.attempts, false);
  const used = await attemptTarget(run);
  await dependencies.tokens.settle(reservation.windowKey, estimate, used);
}

/** Every try on the current target; resolves with the tokens the successful call used (0 otherwise). */
async function attemptTarget(run: Run): Promise<number> {
  const { job, target, attempts, dependencies } = run;
  const now = dependencies.now ?? Date.now;
  let lastError: SluiceError | undefined;
  for (let attempt = 1; attempt <= target.retry.attempts; attempt += 1) {
    const remainingMs = job.deadlineAt - now();
    if (remainingMs <= 0) break;
    const callStartedAt = now();
    try {
      const outcome = await attemptCall(run, Math.min(target.timeoutMs, remainingMs));
      attempts.push({ provider: target.provider, model: target.model, status: 200, latency_ms: now() - callStartedAt });
      await dependencies.breaker.recordSuccess(targetKey(target), run.admission);
      await deliverSuccess(run, outcome);
      return outcome.usage?.total_tokens ?? 0;
    } catch (error) {
      if (isCancellation(error, run.cancel.signal)) {
        attempts.push({
          provider: target.provider,
          model: target.model,
          status: 'cancelled',
          latency_ms: now() - callStartedAt,
        });
        await emit(run, { cancelled: true });
        return 0;
      }
      const failure = asSluiceError(error);
      attempts.push({
        provider: target.provider,
        model: target.model,
        status: statusOf(failure),
        latency_ms: now() - callStartedAt,
        error: failure.message,
      });
      lastError = failure;
      deferOnRateLimit(run, failure, now());
      const circuitOpened =
        countsAgainstHealth(failure) && (await dependencies.breaker.recordFailure(targetKey(target)));
      if (circuitOpened || run.sink.hasStarted || !shouldRetry(failure, target) || attempt === target.retry.attempts)
        break;
      const delay = backoffDelay({ attempt, baseMs: target.retry.backoffMs, retryAfterMs: failure.retryAfterMs });
      if (now() + delay >= job.deadlineAt) break;
      await (dependencies.sleep ?? sleep)(delay, run.cancel.signal);
    }
  }
  await concludeFailure(run, lastError);
  return 0;
}

/**
 * A provider 429 puts the job back in its queue and pauses the queue for the Retry-After, without spending an
 * attempt — up to a bound, and not when waiting would pass a sync request's deadline while a fallback is ready.
 */
function deferOnRateLimit(run: Run, failure: SluiceError, now: number): void {
  const { job, target, dependencies } = run;
  if (!(failure instanceof UpstreamError) || failure.kind !== 'status' || failure.status !== 429) return;
  if (job.deferrals >= dependencies.maxRateLimitDeferrals) return;
  const delayMs = failure.retryAfterMs ?? 1_000;
  const fallbackReady = job.step + 1 < job.plan.length && target.fallbackOn.includes(429);
  if (fallbackReady && now + delayMs >= job.deadlineAt) return;
  throw new RateLimitDeferral(delayMs, run.attempts, true);
}

async function concludeFailure(run: Run, lastError: SluiceError | undefined): Promise<void> {
  const { job, target, attempts, dependencies } = run;
  const now = dependencies.now ?? Date.now;
  if (
    lastError &&
    !run.sink.hasStarted &&
    lastError instanceof UpstreamError &&
    job.step + 1 < job.plan.length &&
    target.fallbackOn.includes(lastError.trigger)
  ) {
    await requeueToNextTarget(run);
    return;
  }
  const error = finalError(
    lastError ?? new UpstreamError({ message: 'no attempt was made', kind: 'timeout' }),
    attempts,
    now() >= job.deadlineAt,
  );
  await dependencies.delivery.failed(job, error, attempts);
  await emit(run, { error });
}

async function requeueToNextTarget(run: Run): Promise<void> {
  const { job, attempts, dependencies } = run;
  const priority =
    job.priority ??
    (job.mode === 'sync' ? JOB_PRIORITY.sync : job.mode === 'batch' ? JOB_PRIORITY.batch : JOB_PRIORITY.normal);
  await dependencies.queues.enqueue({ ...job, step: job.step + 1, attempts, deferrals: 0 }, priority);
}

async function attemptCall(run: Run, timeoutMs: number): Promise<CallOutcome> {
  const { target, dependencies } = run;
  const account = dependencies.config().providers[target.provider];
  if (!account)
    throw new UpstreamError({
      message: `provider "${target.provider}" is not configured on this worker`,
      kind: 'network',
      retryable: false,
    });
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new UpstreamError({ message: `no complete answer within ${timeoutMs} ms`, kind: 'timeout' })),
    timeoutMs,
  );
  try {
    const apiKey = await dependencies.keys.keyFor(target.provider);
    const signal = AbortSignal.any([run.cancel.signal, timeout.signal]);
    return await callUpstream(
      run.job,
      target,
      { transport: dependencies.transport, adapter: adapterFor(account.type), account, apiKey },
      signal,
      run.sink,
    );
  } finally {
    clearTimeout(timer);
  }
}

async function deliverSuccess(run: Run, outcome: CallOutcome): Promise<void> {
  const { job, target, attempts, dependencies } = run;
  if (outcome.body === undefined) await dependencies.delivery.streamEnded(job);
  else
    await dependencies.delivery.succeeded(job, {
      body: outcome.nativeBody ?? outcome.body,
      provider: target.provider,
      servedModel: outcome.servedModel,
      attempts,
      native: outcome.nativeBody !== undefined,
    });
  await emit(run, { outcome });
}

function deliverySink(
  job: ProviderJob,
  attempts: Attempt[],
  delivery: JobDelivery,
): StreamSink & { hasStarted: boolean } {
  const target = job.plan[job.step] as PlannedTarget;
  const sink = {
    hasStarted: false,
    async started(servedModel: string, native?: boolean) {
      sink.hasStarted = true;
      const soFar = [...attempts, { provider: target.provider, model: target.model, status: 200, latency_ms: 0 }];
      await delivery.streamStarted(job, target.provider, servedModel, soFar, native === true);
    },
    async chunk(data: string) {
      await delivery.chunk(job, data);
    },
  };
  return sink;
}

/** The breaker's key: one circuit per provider account and model. */
function targetKey(target: PlannedTarget): string {
  return `${target.provider}/${target.model}`;
}

function shouldRetry(error: SluiceError, target: PlannedTarget): boolean {
  if (!(error instanceof UpstreamError) || !error.retryable) return false;
  return error.kind !== 'status' || target.retry.onStatus.includes(error.status);
}

/** Server errors, timeouts and network failures say a target is unhealthy; a 4xx or 429 does not. */
function countsAgainstHealth(error: SluiceError): boolean {
  return error instanceof UpstreamError && (error.kind !== 'status' || (error.status >= 500 && error.status !== 529));
}

function isCancellation(error: unknown, signal: AbortSignal): boolean {
  return error instanceof RequestCancelledError || signal.reason instanceof RequestCancelledError;
}

function statusOf(error: SluiceError): Attempt['status'] {
  return error instanceof UpstreamError && error.kind !== 'status' ? error.kind : error.status;
}

function asSluiceError(error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  return new UpstreamError({
    message: error instanceof Error ? error.message : String(error),
    kind: 'network',
    cause: error,
  });
}

async function emit(
  run: Run,
  result: { outcome?: CallOutcome; error?: SluiceError; cancelled?: boolean },
): Promise<void> {
  const now = run.dependencies.now ?? Date.now;
  const outcome: JobOutcome = {
    job: run.job,
    jobId: run.jobId,
    attempts: run.attempts,
    startedAt: run.startedAt,
    completedAt: now(),
    provider: run.target.provider,
    servedModel: result.outcome?.servedModel ?? null,
    usage: result.outcome?.usage,
    ttftMs: result.outcome?.ttftMs,
    responseBody: result.outcome?.body,
    streamedBody: result.outcome?.streamedBody,
    error: result.error,
    cancelled: result.cancelled === true,
  };
  try {
    await run.dependencies.events.publish(jobOutcomeEvent(outcome));
  } catch (error) {
    run.dependencies.logger.error(
      { err: error, requestId: run.job.requestId },
      'could not publish the completion event',
    );
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
