import type { Attempt } from '@sluice/queues';

/**
 * Thrown by a job run to put the job back in its queue without spending an attempt: the provider answered 429, or
 * the account's token budget is spent. The worker pauses the whole queue for `delayMs` (every worker process).
 */
export class RateLimitDeferral extends Error {
  constructor(
    readonly delayMs: number,
    readonly attempts: Attempt[],
    /** Whether this deferral counts toward the job's bound (provider 429s do; our own token budget does not). */
    readonly counted: boolean,
  ) {
    super(`rate limited; back in the queue for ${delayMs} ms`);
    this.name = 'RateLimitDeferral';
  }
}
