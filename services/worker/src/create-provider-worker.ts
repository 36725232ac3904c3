import { type ProviderJob, ProviderJobSchema, type QueueCatalog, type RedisClient } from '@sluice/queues';
import { type Job, Worker } from 'bullmq';
import { internalFailure } from './internal-failure';
import { type JobRunnerDependencies, type JobRunResult, runProviderJob } from './run-provider-job';

export interface ProviderWorkerOptions {
  providerId: string;
  connection: RedisClient;
  catalog: QueueCatalog;
  concurrency: number;
  dependencies: JobRunnerDependencies;
  /**
   * How long a job stays locked to this worker without a renewal (SLUICE_JOB_LOCK_MS). The lock is renewed every
   * half of it, and every worker looks for expired locks each second, so a dead worker's jobs rerun within it + 1 s.
   */
  lockMs: number;
}

/** How often each worker looks for jobs whose worker died (one short script per provider queue). */
const STALLED_CHECK_MS = 1_000;

/** A BullMQ worker on one provider account's queue; payloads are re-validated on receipt. */
export function createProviderWorker(options: ProviderWorkerOptions): Worker {
  const { dependencies } = options;
  const worker = new Worker(
    options.catalog.providerQueue(options.providerId),
    async (job: Job) => {
      const parsed = ProviderJobSchema.safeParse(job.data);
      if (!parsed.success) {
        dependencies.logger.error(
          { jobId: job.id, provider: options.providerId, issues: parsed.error.issues.slice(0, 5) },
          'dropping a malformed provider job',
        );
        return;
      }
      if ((await dependencies.delivery.started?.(parsed.data)) === 'skip') {
        dependencies.logger.debug(
          { requestId: parsed.data.requestId, jobId: job.id, provider: options.providerId },
          'provider job skipped: cancelled or already settled',
        );
        return;
      }
      let result: JobRunResult;
      try {
        result = await runProviderJob(parsed.data, job.id, dependencies);
      } catch (error) {
        await answerInternalFailure(parsed.data, error, dependencies);
        throw error;
      }
      if (result.kind === 'deferred') await putBack(worker, job, parsed.data, result);
      dependencies.logger.debug(
        { requestId: parsed.data.requestId, jobId: job.id, provider: options.providerId },
        'provider job finished',
      );
    },
    {
      connection: options.connection,
      prefix: options.catalog.queuePrefix(options.catalog.providerQueue(options.providerId)),
      concurrency: options.concurrency,
      autorun: false,
      // A job put back by a rate-limit pause wakes no idle worker; a short blocking wait notices it soon after.
      drainDelay: 0.5,
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
      stalledInterval: Math.min(STALLED_CHECK_MS, Math.floor(options.lockMs / 2)),
      lockDuration: options.lockMs,
    },
  );
  worker.on('error', (error) =>
    dependencies.logger.error({ err: error, provider: options.providerId }, 'worker error'),
  );
  return worker;
}

/** Bounds on how long one deferral pauses an account's queue, whatever Retry-After says. */
const MIN_PAUSE_MS = 50;
const MAX_PAUSE_MS = 60_000;

/**
 * Puts a rate-limited job back in its queue without spending a BullMQ attempt, keeping its attempt history,
 * and pauses the queue for every worker process until the limit resets.
 */
async function putBack(
  worker: Worker,
  job: Job,
  data: ProviderJob,
  deferral: Extract<JobRunResult, { kind: 'deferred' }>,
): Promise<never> {
  await job.updateData({
    ...data,
    attempts: deferral.attempts,
    deferrals: data.deferrals + (deferral.counted ? 1 : 0),
  });
  await worker.rateLimit(Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, Math.ceil(deferral.delayMs))));
  throw Worker.RateLimitError();
}

/**
 * A job that failed for a reason of Sluice's own (Redis, most likely) still gets an answer, so no client waits out
 * its deadline: a 500, or a 503 when Redis is unreachable, naming the request id; the cause is only logged.
 */
async function answerInternalFailure(
  job: ProviderJob,
  error: unknown,
  dependencies: JobRunnerDependencies,
): Promise<void> {
  const failure = internalFailure(job.requestId, error);
  dependencies.logger.error(
    { err: error, requestId: job.requestId, status: failure.status },
    'provider job failed on an internal error',
  );
  await dependencies.delivery
    .failed(job, failure, job.attempts)
    .catch((deliveryError: unknown) =>
      dependencies.logger.error(
        { err: deliveryError, requestId: job.requestId },
        'could not deliver the internal error reply',
      ),
    );
}
