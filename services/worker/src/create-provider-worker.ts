import type { HandoffSlots, QueueCatalog, RedisClient } from '@sluice/queues';
import { type Job, Worker } from 'bullmq';
import type { AccountPauses } from './account-pauses';
import { type DeferredJob, pauseMsOf, processProviderJob, putBackData } from './process-provider-job';
import type { JobRunnerDependencies } from './run-provider-job';

export interface ProviderWorkerOptions {
  providerId: string;
  connection: RedisClient;
  catalog: QueueCatalog;
  concurrency: number;
  dependencies: JobRunnerDependencies;
  pauses: AccountPauses;
  /** The slots the ingress of this process hands sync jobs off by: every job this worker runs takes one. */
  slots?: HandoffSlots | undefined;
  /**
   * How long a job stays locked to this worker without a renewal (SLUICE_JOB_LOCK_MS). The lock is renewed every
   * half of it, and every worker looks for expired locks each second, so a dead worker's jobs rerun within it + 1 s.
   */
  lockMs: number;
}

/** How often each worker looks for jobs whose worker died (one short script per provider queue). */
const STALLED_CHECK_MS = 1_000;

/**
 * BullMQ honours the pause `worker.rateLimit` writes (its limiter key holding MAX_SAFE_INTEGER) only in workers that
 * have a limiter, so every provider worker gets one that never limits by itself: it counts each pickup in the same
 * key, once per second, far below the pause's marker.
 */
const PAUSE_ONLY_LIMITER = { max: Number.MAX_SAFE_INTEGER, duration: 1_000 };

/** A BullMQ worker on one provider account's queue; payloads are re-validated on receipt. */
export function createProviderWorker(options: ProviderWorkerOptions): Worker {
  const { dependencies, providerId, slots } = options;
  const worker = new Worker(
    options.catalog.providerQueue(providerId),
    async (job: Job) => {
      slots?.occupy(providerId);
      try {
        const deferred = await processProviderJob(job.data, job.id, providerId, dependencies);
        if (deferred) await putBack(worker, job, deferred, options);
      } finally {
        slots?.release(providerId);
      }
    },
    {
      connection: options.connection,
      prefix: options.catalog.queuePrefix(options.catalog.providerQueue(providerId)),
      concurrency: options.concurrency,
      autorun: false,
      // A job put back by a rate-limit pause wakes no idle worker; a short blocking wait notices it soon after.
      drainDelay: 0.5,
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
      stalledInterval: Math.min(STALLED_CHECK_MS, Math.floor(options.lockMs / 2)),
      lockDuration: options.lockMs,
      limiter: PAUSE_ONLY_LIMITER,
    },
  );
  worker.on('error', (error) => dependencies.logger.error({ err: error, provider: providerId }, 'worker error'));
  return worker;
}

/**
 * Puts a rate-limited job back in its queue without spending a BullMQ attempt, keeping its attempt history,
 * and pauses the account for every worker process until the limit resets.
 */
async function putBack(
  worker: Worker,
  job: Job,
  deferred: DeferredJob,
  options: Pick<ProviderWorkerOptions, 'pauses' | 'providerId'>,
): Promise<never> {
  await job.updateData(putBackData(deferred));
  await options.pauses.pause(worker, options.providerId, pauseMsOf(deferred));
  throw Worker.RateLimitError();
}
