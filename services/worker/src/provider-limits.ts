import type { ProviderAccount } from '@sluice/config';
import type { Queue } from 'bullmq';

/**
 * Stores the account's concurrency limit on its queue, where BullMQ enforces it for every worker process at once.
 * Requests per minute are paced per call (RequestPacer); tokens per minute are budgeted per call (TokenBudget).
 */
export async function applyProviderLimits(queue: Queue, limits: ProviderAccount['limits']): Promise<void> {
  if (limits?.concurrency !== undefined) await queue.setGlobalConcurrency(limits.concurrency);
  else await queue.removeGlobalConcurrency();
}
