import { UnavailableError } from '@sluice/errors';
import { Queue } from 'bullmq';
import type { ProviderJobInput } from './provider-job';
import { JOB_PRIORITY, PROVIDER_JOB_OPTIONS, type QueueCatalog } from './queue-catalog';
import type { RedisClient } from './redis-client';
import { waitForReplica } from './wait-for-replica';

/** The producer side of every provider account's queue, created on first use and shared. */
export class ProviderQueues {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redis: RedisClient,
    private readonly catalog: QueueCatalog,
  ) {}

  queueFor(providerId: string): Queue {
    let queue = this.queues.get(providerId);
    if (!queue) {
      queue = new Queue(this.catalog.providerQueue(providerId), {
        connection: this.redis,
        prefix: this.catalog.queuePrefix(this.catalog.providerQueue(providerId)),
      });
      queue.on('error', () => undefined);
      this.queues.set(providerId, queue);
    }
    return queue;
  }

  /**
   * Adds the job to its current target's queue; a Redis failure is a 503, never a hang. With `jobId` a second add of
   * the same id is a no-op while the first is still queued or running (idempotent submission); with `delayMs` the job
   * waits that long before a worker may take it. Work that outlives its request (async jobs, batch lines) is
   * acknowledged only once a replica holds it, on a cluster.
   */
  async enqueue(
    job: ProviderJobInput,
    priority: number,
    options: { jobId?: string; delayMs?: number } = {},
  ): Promise<string> {
    const target = job.plan[job.step];
    if (!target) throw new Error(`job ${job.requestId} has no target at step ${job.step}`);
    try {
      const queueName = this.catalog.providerQueue(target.provider);
      const added = await this.queueFor(target.provider).add(
        'call',
        { ...job, priority },
        { ...PROVIDER_JOB_OPTIONS, priority, jobId: options.jobId, delay: options.delayMs },
      );
      if (priority !== JOB_PRIORITY.sync) await waitForReplica(this.redis, [this.catalog.queuePrefix(queueName)]);
      return added.id ?? '';
    } catch (error) {
      throw new UnavailableError('the job queue (Redis) is unreachable; try again shortly', error);
    }
  }

  async depths(): Promise<Record<string, number>> {
    const entries = await Promise.all(
      [...this.queues].map(async ([providerId, queue]) => [providerId, await queue.count()] as const),
    );
    return Object.fromEntries(entries);
  }

  /** Closes every queue; one that cannot close within `limitMs` (Redis gone) is disconnected instead. */
  async close(limitMs = 2_000): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const closed = await settlesWithin(queue.close(), limitMs);
        if (!closed) await queue.disconnect();
      }),
    );
  }
}

/** True when the promise settled within the limit. */
export async function settlesWithin(promise: Promise<unknown>, limitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), limitMs);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([settled, expired]);
  clearTimeout(timer);
  return result;
}
