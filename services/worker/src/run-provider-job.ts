import type { GatewayConfig, ProviderType } from '@sluice/config';
import { InternalError, SluiceError, UpstreamError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import { adapterFor, type HttpTransport, type ProviderAdapter } from '@sluice/providers';
import {
  type Attempt,
  type CancelListener,
  type CompletionEventPublisher,
  JOB_PRIORITY,
  type MediaBlobStore,
  type PlannedTarget,
  type ProviderJob,
  type ProviderQueues,
  RequestCancelledError,
} from '@sluice/queues';
import type { CallOutcome, StreamSink, StreamStart } from './call-outcome';
import { callUpstream } from './call-upstream';
import type { Admission, CircuitBreaker } from './circuit-breaker';
import { finalError } from './final-error';
import { internalFailure } from './internal-failure';
import { JobCancellation } from './job-cancellation';
import type { JobDelivery } from './job-delivery';
import { type JobOutcome, jobOutcomeEvent } from './job-outcome-event';
import { type AttemptOutcome, countsAgainstHealth, type NextStep, nextStep } from './next-step';
import type { ProviderKeyResolver } from './provider-key-resolver';
import type { RequestPacer } from './request-pacer';
import { retryWhileRedisDown } from './retry-while-redis-down';
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
  /** Uploaded images and audio, read back as media jobs are sent; absent, a multipart media job cannot run. */
  blobs?: MediaBlobStore;
  /** The translator of a provider type; `adapterFor` unless a test injects one. */
  adapters?: (type: ProviderType) => ProviderAdapter;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Backoff jitter; Math.random unless a test fixes it. */
  random?: () => number;
}

/** How a job run ended: finished (answered, moved to the next target, or failed), or to be put back in its queue. */
export type JobRunResult =
  | { kind: 'finished' }
  | {
      kind: 'deferred';
      delayMs: number;
      attempts: Attempt[];
      /** Whether this deferral counts toward the job's bound (provider 429s do; pacing and token budgets do not). */
      counted: boolean;
    };

interface Run {
  job: ProviderJob;
  jobId: string | undefined;
  target: PlannedTarget;
  attempts: Attempt[];
  startedAt: number;
  cancel: JobCancellation;
  sink: StreamSink & { hasStarted: boolean };
  admission: Admission;
  dependencies: JobRunnerDependencies;
}

/** How one try's upstream call ended, before the policy looks at it. */
type CallResult =
  | { kind: 'answered'; call: CallOutcome }
  | { kind: 'cancelled' }
  | { kind: 'refused'; error: SluiceError }
  | { kind: 'internal'; error: InternalError }
  | { kind: 'upstream-failed'; error: UpstreamError };

/** The policy's last word on the current target, with the answer when there is one. */
interface Ending {
  step: Exclude<NextStep, { kind: 'retry' }>;
  call: CallOutcome | undefined;
}

const FINISHED: JobRunResult = { kind: 'finished' };

/**
 * Runs one provider job at its current plan step: skips a target whose circuit is open, then tries the target as the
 * policy (`nextStep`, docs/failures-and-retries.md) says — retry, defer on a provider 429, fall back to the next
 * target, or answer. Any exception this throws is Sluice's own failure (Redis, most likely), never the provider's.
 */
export async function runProviderJob(
  job: ProviderJob,
  jobId: string | undefined,
  dependencies: JobRunnerDependencies,
): Promise<JobRunResult> {
  const now = dependencies.now ?? Date.now;
  const target = job.plan[job.step] as PlannedTarget;
  const attempts: Attempt[] = [...job.attempts];
  const cancel = new JobCancellation();
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
    return FINISHED;
  }
  const unregister = dependencies.cancels.register(job.requestId, cancel);
  try {
    return await runWithinLimits(run);
  } finally {
    unregister();
  }
}

/** Longest a worker holds a job to wait for its paced slot; a later slot puts the job back in the queue instead. */
const MAX_PACING_WAIT_MS = 5_000;

async function runWithinLimits(run: Run): Promise<JobRunResult> {
  const { dependencies, target, job } = run;
  const limits = dependencies.config().providers[target.provider]?.limits;
  if (limits?.rpm !== undefined) {
    const pace = await dependencies.pacer.reserve(target.provider, limits.rpm, MAX_PACING_WAIT_MS);
    if (!pace.reserved) return { kind: 'deferred', delayMs: pace.retryInMs, attempts: run.attempts, counted: false };
    if (pace.waitMs > 0) await (dependencies.sleep ?? sleep)(pace.waitMs, run.cancel.signal);
  }
  const tokensPerMinute = limits?.tpm;
  if (tokensPerMinute === undefined) return conclude(run, await tryTarget(run));
  const estimate = estimateCallTokens({ ...job.body, ...target.overrideParams }, job.bodyText);
  const reservation = await dependencies.tokens.reserve(target.provider, tokensPerMinute, estimate);
  if (!reservation.granted)
    return { kind: 'deferred', delayMs: reservation.retryInMs, attempts: run.attempts, counted: false };
  const ending = await tryTarget(run);
  try {
    return await conclude(run, ending);
  } finally {
    // Settled whatever came next (an answer, a deferral, a fallback, a failure): only what the call used stays counted.
    await dependencies.tokens
      .settle(reservation.windowKey, estimate, ending.call?.usage?.total_tokens ?? 0)
      .catch((error: unknown) =>
        dependencies.logger.warn({ err: error, requestId: job.requestId }, 'could not settle the token budget'),
      );
  }
}

/** Tries the current target until the policy says anything but retry. */
async function tryTarget(run: Run): Promise<Ending> {
  const { job, target, attempts, dependencies } = run;
  const now = dependencies.now ?? Date.now;
  const policy = { maxRateLimitDeferrals: dependencies.maxRateLimitDeferrals, random: dependencies.random };
  for (let attempt = 1; ; attempt += 1) {
    const remainingMs = job.deadlineAt - now();
    let outcome: AttemptOutcome = { kind: 'expired' };
    let call: CallOutcome | undefined;
    if (remainingMs > 0) {
      const callStartedAt = now();
      const result = await attemptCall(run, Math.min(target.timeoutMs, remainingMs));
      attempts.push(attemptRecord(target, result, now() - callStartedAt));
      outcome = await assess(run, result, attempt);
      if (result.kind === 'answered') call = result.call;
    }
    const step = nextStep(outcome, target, job, now(), policy);
    if (step.kind !== 'retry') return { step, call };
    await (dependencies.sleep ?? sleep)(step.delayMs, run.cancel.signal);
  }
}

/** Turns a call's result into the policy's input; a provider failure that says the target is unhealthy is counted. */
async function assess(run: Run, result: CallResult, attempt: number): Promise<AttemptOutcome> {
  const { target, dependencies } = run;
  if (result.kind === 'answered') {
    await dependencies.breaker
      .recordSuccess(targetKey(target), run.admission)
      .catch((error: unknown) =>
        dependencies.logger.warn({ err: error, requestId: run.job.requestId }, 'could not close the circuit'),
      );
    return { kind: 'answered' };
  }
  if (result.kind !== 'upstream-failed') return result;
  const circuitOpened =
    countsAgainstHealth(result.error) && (await dependencies.breaker.recordFailure(targetKey(target)));
  return { kind: 'upstream-failed', error: result.error, attempt, streamStarted: run.sink.hasStarted, circuitOpened };
}

/** Acts on the policy's last word: answer, put back, move on, or fail. */
async function conclude(run: Run, { step, call }: Ending): Promise<JobRunResult> {
  switch (step.kind) {
    case 'done':
      if (call) await deliverSuccess(run, call);
      else await emit(run, { cancelled: true });
      return FINISHED;
    case 'defer':
      return { kind: 'deferred', delayMs: step.delayMs, attempts: run.attempts, counted: step.counted };
    case 'fallback':
      await requeueToNextTarget(run);
      return FINISHED;
    case 'fail': {
      const now = run.dependencies.now ?? Date.now;
      if (step.error instanceof InternalError) logInternal(run, step.error, 'internal failure during the call');
      await deliverFailure(run, finalError(step.error, run.attempts, step.timedOut || now() >= run.job.deadlineAt));
      return FINISHED;
    }
  }
}

/**
 * The one `try` around the provider call: what it throws is sorted into the provider's failure (an UpstreamError,
 * from the transport or the provider's answer), a request this target cannot take (a 4xx SluiceError from the
 * translator), a cancellation, or Sluice's own failure (anything else: a translator bug, a misconfigured account,
 * a stream chunk that could not be delivered).
 */
async function attemptCall(run: Run, timeoutMs: number): Promise<CallResult> {
  const { target, dependencies, job } = run;
  const account = dependencies.config().providers[target.provider];
  if (!account) {
    const cause = new Error(`provider "${target.provider}" is not configured on this worker`);
    return { kind: 'internal', error: internalFailure(job.requestId, cause) };
  }
  const apiKey = await dependencies.keys.keyFor(target.provider);
  const adapter = (dependencies.adapters ?? adapterFor)(account.type);
  const attempt = run.cancel.attempt(timeoutMs);
  try {
    const call = await callUpstream(
      job,
      target,
      { transport: dependencies.transport, adapter, account, apiKey, blobs: dependencies.blobs },
      attempt.signal,
      run.sink,
    );
    return { kind: 'answered', call };
  } catch (error) {
    if (error instanceof RequestCancelledError || run.cancel.signal.reason instanceof RequestCancelledError)
      return { kind: 'cancelled' };
    if (error instanceof UpstreamError) return { kind: 'upstream-failed', error };
    if (error instanceof SluiceError && !(error instanceof InternalError) && error.status < 500)
      return { kind: 'refused', error };
    return { kind: 'internal', error: internalFailure(job.requestId, error) };
  } finally {
    attempt.release();
  }
}

function attemptRecord(target: PlannedTarget, result: CallResult, latencyMs: number): Attempt {
  const base = { provider: target.provider, model: target.model, latency_ms: latencyMs };
  switch (result.kind) {
    case 'answered':
      return { ...base, status: 200 };
    case 'cancelled':
      return { ...base, status: 'cancelled' };
    case 'internal':
      return { ...base, status: 'internal' };
    case 'refused':
      return { ...base, status: result.error.status, error: result.error.message };
    case 'upstream-failed': {
      const { error } = result;
      return { ...base, status: error.kind === 'status' ? error.status : error.kind, error: error.message };
    }
  }
}

async function requeueToNextTarget(run: Run): Promise<void> {
  const { job, attempts, dependencies } = run;
  const priority =
    job.priority ??
    (job.mode === 'sync' ? JOB_PRIORITY.sync : job.mode === 'batch' ? JOB_PRIORITY.batch : JOB_PRIORITY.normal);
  await dependencies.queues.enqueue({ ...job, step: job.step + 1, attempts, deferrals: 0 }, priority);
}

/**
 * Hands the answer on. Delivery already waits out a Redis outage (until the deadline); when it still fails, the
 * provider is not called again: the client is told of an internal failure naming the request, and the event keeps
 * the usage that was paid for.
 */
async function deliverSuccess(run: Run, outcome: CallOutcome): Promise<void> {
  const { job, target, attempts, dependencies } = run;
  try {
    if (outcome.body === undefined)
      await dependencies.delivery.streamEnded(job, {
        body: outcome.streamedBody,
        provider: target.provider,
        servedModel: outcome.servedModel,
        attempts,
      });
    else
      await dependencies.delivery.succeeded(job, {
        body: outcome.nativeBody ?? outcome.body,
        provider: target.provider,
        servedModel: outcome.servedModel,
        attempts,
        native: outcome.nativeBody !== undefined,
        contentType: outcome.contentType,
      });
  } catch (error) {
    const failure = internalFailure(job.requestId, error);
    logInternal(run, failure, 'the provider answered but the answer could not be delivered');
    await deliverFailure(run, failure, outcome);
    return;
  }
  await emit(run, { outcome });
}

async function deliverFailure(run: Run, error: SluiceError, outcome?: CallOutcome): Promise<void> {
  const { job, attempts, dependencies } = run;
  await dependencies.delivery
    .failed(job, error, attempts)
    .catch((deliveryError: unknown) =>
      logInternal(run, internalFailure(job.requestId, deliveryError), 'could not deliver the error reply'),
    );
  await emit(run, { outcome, error });
}

function logInternal(run: Run, error: InternalError, what: string): void {
  run.dependencies.logger.error({ err: error.cause, requestId: run.job.requestId, status: error.status }, what);
}

function deliverySink(
  job: ProviderJob,
  attempts: Attempt[],
  delivery: JobDelivery,
): StreamSink & { hasStarted: boolean } {
  const target = job.plan[job.step] as PlannedTarget;
  const sink = {
    hasStarted: false,
    async started(start: StreamStart) {
      sink.hasStarted = true;
      const soFar = [...attempts, { provider: target.provider, model: target.model, status: 200, latency_ms: 0 }];
      await delivery.streamStarted(job, {
        provider: target.provider,
        servedModel: start.servedModel,
        attempts: soFar,
        native: start.native === true,
        contentType: start.contentType,
        chunks: start.chunks,
      });
    },
    async chunks(data: readonly string[]) {
      await delivery.chunks(job, data);
    },
  };
  return sink;
}

/** The breaker's key: one circuit per provider account and model. */
function targetKey(target: PlannedTarget): string {
  return `${target.provider}/${target.model}`;
}

/** Publishes the completion event, waiting out a Redis outage until the deadline; a loss is logged. */
async function emit(
  run: Run,
  result: { outcome?: CallOutcome | undefined; error?: SluiceError; cancelled?: boolean },
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
    mediaUsage: result.outcome?.mediaUsage,
    streamedBody: result.outcome?.streamedBody,
    loggedAsJson: result.outcome?.loggedAsJson === true,
    nativeBody: result.outcome?.nativeBody,
    dialect: result.outcome?.dialect,
    cacheEntry: result.outcome?.cacheEntry,
    error: result.error,
    cancelled: result.cancelled === true,
  };
  const event = jobOutcomeEvent(outcome);
  try {
    await retryWhileRedisDown(() => run.dependencies.events.publish(event), {
      deadlineAt: run.job.deadlineAt,
      now,
    });
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
