import type { ProviderQueues } from './provider-queues';

/** One provider account's queue at one moment: depth by state, and whether it is paused or rate limited. */
export interface QueueState {
  provider: string;
  waiting: number;
  prioritized: number;
  delayed: number;
  active: number;
  paused: boolean;
  /** Milliseconds until the account's rate limit lifts; 0 when it is not limited. */
  rate_limited_ms: number;
}

/** Reads the queues of the given provider accounts; a queue that cannot be read is left out. */
export async function readQueueStates(queues: ProviderQueues, providerIds: readonly string[]): Promise<QueueState[]> {
  const states = await Promise.all(
    providerIds.map(async (provider): Promise<QueueState> => {
      const queue = queues.queueFor(provider);
      const [counts, paused, ttl] = await Promise.all([
        queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active'),
        queue.isPaused(),
        queue.getRateLimitTtl(),
      ]);
      return {
        provider,
        waiting: counts.waiting ?? 0,
        prioritized: counts.prioritized ?? 0,
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        paused,
        rate_limited_ms: Math.max(0, ttl),
      };
    }),
  );
  return states;
}
