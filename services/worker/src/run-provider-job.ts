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
import { finalError } from './final-error';
import type { JobDelivery } from './job-delivery';
import { jobOutcomeEvent } from './job-outcome-event';
import type { ProviderKeyResolver } from './provider-key-resolver';

export interface JobRunnerDependencies {
  config: () => GatewayConfig;
  transport: HttpTransport;
  keys: ProviderKeyResolver;
  queues: ProviderQueues;
  delivery: JobDelivery;
  events: CompletionEventPublisher;
  cancels: CancelListener;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Runs one provider job at its current plan step: retries with backoff on this target, re-queues to the next
 * target's queue on a fallback-eligible failure, and otherwise answers the waiting client and emits the event.
 */
export async function runProviderJob(job: ProviderJob, jobId: string | undefined, dependencies: JobRunnerDependencies): Promise<void> {
  const now = dependencies.now ?? Date.now;
  const startedAt = now();
  const target = job.plan[job.step] as PlannedTarget;
  const attempts: Attempt[] = [...job.attempts];
  const cancel = new AbortController();
  const unregister = dependencies.cancels.register(job.requestId, cancel);
  const sink = deliverySink(job, attempts, dependencies.delivery);
  let lastError: SluiceError | undefined;
  try {
    for (let attempt = 1; attempt <= target.retry.attempts; attempt += 1) {
      const remainingMs = job.deadlineAt - now();
      if (remainingMs <= 0) break;
      const callStartedAt = now();
      try {
        const outcome = await attemptCall(job, target, dependencies, cancel.signal, Math.min(target.timeoutMs, remainingMs), sink);
        attempts.push({ provider: target.provider, model: target.model, status: 200, latency_ms: now() - callStartedAt });
        await deliverSuccess(job, target, outcome, attempts, dependencies);
        await emit(dependencies, { job, jobId, attempts, startedAt, completedAt: now(), provider: target.provider, servedModel: outcome.servedModel, usage: outcome.usage, ttftMs: outcome.ttftMs, responseBody: outcome.body, error: undefined, cancelled: false });
        return;
      } catch (error) {
        const failure = asSluiceError(error);
        if (error instanceof RequestCancelledError || cancel.signal.reason instanceof RequestCancelledError) {
          attempts.push({ provider: target.provider, model: target.model, status: 'cancelled', latency_ms: now() - callStartedAt });
          await emit(dependencies, { job, jobId, attempts, startedAt, completedAt: now(), provider: target.provider, servedModel: null, usage: undefined, ttftMs: undefined, responseBody: undefined, error: undefined, cancelled: true });
          return;
        }
        attempts.push({ provider: target.provider, model: target.model, status: statusOf(failure), latency_ms: now() - callStartedAt, error: failure.message });
        lastError = failure;
        if (sink.hasStarted || !shouldRetry(failure, target) || attempt === target.retry.attempts) break;
        const delay = backoffDelay({ attempt, baseMs: target.retry.backoffMs, retryAfterMs: failure.retryAfterMs });
        if (now() + delay >= job.deadlineAt) break;
        await (dependencies.sleep ?? sleep)(delay, cancel.signal);
      }
    }
    if (lastError && !sink.hasStarted && canFallBack(lastError, target, job)) {
      await dependencies.queues.enqueue({ ...job, step: job.step + 1, attempts }, JOB_PRIORITY[job.mode === 'sync' ? 'sync' : 'normal']);
      return;
    }
    const error = finalError(lastError ?? new UpstreamError({ message: 'no attempt was made', kind: 'timeout' }), attempts, now() >= job.deadlineAt);
    await dependencies.delivery.failed(job, error, attempts);
    await emit(dependencies, { job, jobId, attempts, startedAt, completedAt: now(), provider: target.provider, servedModel: null, usage: undefined, ttftMs: undefined, responseBody: undefined, error, cancelled: false });
  } finally {
    unregister();
  }
}

async function attemptCall(job: ProviderJob, target: PlannedTarget, dependencies: JobRunnerDependencies, cancelSignal: AbortSignal, timeoutMs: number, sink: StreamSink): Promise<CallOutcome> {
  const account = dependencies.config().providers[target.provider];
  if (!account) throw new UpstreamError({ message: `provider "${target.provider}" is not configured on this worker`, kind: 'network', retryable: false });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new UpstreamError({ message: `no complete answer within ${timeoutMs} ms`, kind: 'timeout' })), timeoutMs);
  try {
    const apiKey = await dependencies.keys.keyFor(target.provider);
    const signal = AbortSignal.any([cancelSignal, timeout.signal]);
    return await callUpstream(job, target, { transport: dependencies.transport, adapter: adapterFor(account.type), account, apiKey }, signal, sink);
  } finally {
    clearTimeout(timer);
  }
}

async function deliverSuccess(job: ProviderJob, target: PlannedTarget, outcome: CallOutcome, attempts: Attempt[], dependencies: JobRunnerDependencies): Promise<void> {
  if (outcome.body === undefined) {
    await dependencies.delivery.streamEnded(job);
    return;
  }
  await dependencies.delivery.succeeded(job, { body: outcome.body, provider: target.provider, servedModel: outcome.servedModel, attempts });
}

function deliverySink(job: ProviderJob, attempts: Attempt[], delivery: JobDelivery): StreamSink & { hasStarted: boolean } {
  const target = job.plan[job.step] as PlannedTarget;
  const sink = {
    hasStarted: false,
    async started(servedModel: string) {
      sink.hasStarted = true;
      await delivery.streamStarted(job, target.provider, servedModel, [...attempts, { provider: target.provider, model: target.model, status: 200, latency_ms: 0 }]);
    },
    async chunk(data: string) {
      await delivery.chunk(job, data);
    },
  };
  return sink;
}

function shouldRetry(error: SluiceError, target: PlannedTarget): boolean {
  if (!(error instanceof UpstreamError) || !error.retryable) return false;
  return error.kind !== 'status' || target.retry.onStatus.includes(error.status);
}

function canFallBack(error: SluiceError, target: PlannedTarget, job: ProviderJob): boolean {
  if (job.step + 1 >= job.plan.length || !(error instanceof UpstreamError)) return false;
  return target.fallbackOn.includes(error.trigger);
}

function statusOf(error: SluiceError): Attempt['status'] {
  return error instanceof UpstreamError && error.kind !== 'status' ? error.kind : error.status;
}

function asSluiceError(error: unknown): SluiceError {
  if (error instanceof SluiceError) return error;
  return new UpstreamError({ message: error instanceof Error ? error.message : String(error), kind: 'network', cause: error });
}

async function emit(dependencies: JobRunnerDependencies, outcome: Parameters<typeof jobOutcomeEvent>[0]): Promise<void> {
  try {
    await dependencies.events.publish(jobOutcomeEvent(outcome));
  } catch (error) {
    dependencies.logger.error({ err: error, requestId: outcome.job.requestId }, 'could not publish the completion event');
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
