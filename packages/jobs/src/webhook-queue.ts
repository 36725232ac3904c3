import type { RedisClient } from '@sluice/queues';
import { Queue } from 'bullmq';
import { z } from 'zod';
import type { JobView } from './job-view';

/** One webhook message to deliver: the exact body is fixed once, so every retry sends (and signs) the same bytes. */
export const WebhookDeliverySchema = z.object({
  jobId: z.string(),
  messageId: z.string(),
  type: z.enum(['job.succeeded', 'job.failed']),
  url: z.string(),
  body: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export interface WebhookRetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Delay before the first retry; each later one doubles it. */
  backoffMs: number;
}

/** The message for a settled job: Standard Webhooks' `{ type, timestamp, data }`, id `msg_<job id>`. */
export function webhookDeliveryFor(view: JobView, url: string, now = new Date()): WebhookDelivery {
  const type = view.status === 'succeeded' ? 'job.succeeded' : 'job.failed';
  return {
    jobId: view.id,
    messageId: `msg_${view.id}`,
    type,
    url,
    body: JSON.stringify({ type, timestamp: now.toISOString(), data: view }),
  };
}

/** The delay BullMQ waits after failed try number `attempt` (exponential backoff). */
export function retryDelayMs(policy: WebhookRetryPolicy, attempt: number): number {
  return policy.backoffMs * 2 ** (attempt - 1);
}

/** Producer side of the webhook delivery queue; retries and their backoff are BullMQ's, so they survive restarts. */
export class WebhookQueue {
  private readonly queue: Queue;

  constructor(redis: RedisClient, options: { name: string; prefix: string; retry: WebhookRetryPolicy }) {
    this.queue = new Queue(options.name, {
      connection: redis,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: options.retry.attempts,
        backoff: { type: 'exponential', delay: options.retry.backoffMs },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
      },
    });
    this.queue.on('error', () => undefined);
  }

  /** Adds the delivery under a job-derived id: adding it twice (a rerun after a crash) is a no-op. */
  async enqueue(delivery: WebhookDelivery): Promise<void> {
    await this.queue.add('deliver', delivery, { jobId: `wh-${delivery.jobId}` });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
