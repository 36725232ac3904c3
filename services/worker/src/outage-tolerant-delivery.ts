import type { Logger } from '@sluice/observability';
import type { ProviderJob } from '@sluice/queues';
import type { JobDelivery } from './job-delivery';
import { retryWhileRedisDown } from './retry-while-redis-down';

/**
 * A delivery that keeps a message it could not hand on because Redis is unreachable, and publishes it once Redis is
 * back (bounded by the job's deadline), so a paid answer survives a Redis restart and the provider is never called
 * twice for it.
 */
export function outageTolerantDelivery(
  delivery: JobDelivery,
  options: { logger: Logger; now?: () => number; sleep?: (ms: number) => Promise<void> },
): JobDelivery {
  const persist = (job: ProviderJob, what: string, write: () => Promise<void>) =>
    retryWhileRedisDown(write, {
      deadlineAt: job.deadlineAt,
      now: options.now,
      sleep: options.sleep,
      onWait: (error) =>
        options.logger.warn(
          { err: error, requestId: job.requestId },
          `Redis is unreachable: keeping the ${what} until it can be delivered`,
        ),
    });
  return {
    started: async (job) => (await delivery.started?.(job)) ?? 'run',
    streamStarted: (job, start) => persist(job, 'stream start', () => delivery.streamStarted(job, start)),
    chunks: (job, data) => persist(job, 'stream chunks', () => delivery.chunks(job, data)),
    streamEnded: (job, result) => persist(job, 'stream end', () => delivery.streamEnded(job, result)),
    succeeded: (job, result) => persist(job, 'answer', () => delivery.succeeded(job, result)),
    failed: (job, error, attempts) => persist(job, 'error reply', () => delivery.failed(job, error, attempts)),
  };
}
