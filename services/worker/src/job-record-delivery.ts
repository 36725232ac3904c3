import type { SluiceError } from '@sluice/errors';
import { type JobProgress, type JobStore, toJobView, type WebhookQueue, webhookDeliveryFor } from '@sluice/jobs';
import type { Attempt, ProviderJob } from '@sluice/queues';
import { computeCost, type PriceBook } from '@sluice/request-log';
import type { JobDelivery } from './job-delivery';
import { usageOfBody } from './usage-of-body';

export interface JobRecordDeliveryOptions {
  store: JobStore;
  /** Where a streamed job's chunks go as they arrive (background Responses streams). */
  progress: JobProgress;
  webhooks: WebhookQueue;
  priceBook: PriceBook;
  now?: () => number;
}

/**
 * Async jobs: the outcome goes to the job record (status, result or error, attempts, usage, cost) and, when the job
 * has a webhook, to the webhook queue. A job found cancelled or already settled when a worker picks it up is
 * skipped; a settled one whose webhook was never queued (the worker died in between) gets it queued then.
 */
export function jobRecordDelivery(options: JobRecordDeliveryOptions): JobDelivery {
  const { store } = options;
  const now = options.now ?? Date.now;
  const queueWebhook = async (jobId: string) => {
    const record = await store.get(jobId);
    if (!record?.webhook_url || record.webhook_enqueued) return;
    await options.webhooks.enqueue(webhookDeliveryFor(toJobView(record), record.webhook_url));
    await store.markWebhookEnqueued(jobId);
  };
  return {
    async started(job) {
      if (job.jobId === undefined) return 'skip';
      const transition = await store.markRunning(job.jobId);
      if (transition.kind === 'moved' || (transition.kind === 'unchanged' && transition.current === 'running'))
        return 'run';
      if (transition.kind === 'unchanged' && transition.current !== 'cancelled') await queueWebhook(job.jobId);
      return 'skip';
    },
    // Only background Responses streams run as streamed jobs (POST /v1/jobs refuses `stream: true`): their chunks
    // are kept for the readers of the stream, and the answer they amount to settles the job.
    async streamStarted(job, start) {
      if (job.jobId === undefined) return;
      await options.progress.started(job.jobId);
      if (start.chunks.length > 0) await options.progress.chunks(job.jobId, start.chunks);
    },
    async chunks(job, data) {
      if (job.jobId !== undefined) await options.progress.chunks(job.jobId, data);
    },
    async streamEnded(job, result) {
      if (result.body !== undefined) await settleSucceeded(job, { ...result, body: result.body });
    },
    succeeded: (job, result) => settleSucceeded(job, result),
    async failed(job, error, attempts) {
      if (job.jobId === undefined) return;
      const settled = await store.settle(job.jobId, {
        status: 'failed',
        completedAt: now(),
        attempts,
        error: jobError(error),
      });
      if (settled) await queueWebhook(job.jobId);
    },
  };

  async function settleSucceeded(
    job: ProviderJob,
    result: { body: string; provider: string; servedModel: string; attempts: Attempt[] },
  ): Promise<void> {
    if (job.jobId === undefined) return;
    const usage = usageOfBody(result.body);
    const price = options.priceBook.lookup(result.servedModel)?.price;
    const cost = usage
      ? computeCost({ ...usage, cached_tokens: usage.prompt_tokens_details?.cached_tokens }, price)
      : undefined;
    const settled = await store.settle(job.jobId, {
      status: 'succeeded',
      completedAt: now(),
      attempts: result.attempts,
      result: result.body,
      usage,
      costUsd: cost?.priced ? cost.cost_usd : undefined,
      provider: result.provider,
      model: result.servedModel,
    });
    if (settled) await queueWebhook(job.jobId);
  }
}

function jobError(error: SluiceError) {
  return { ...error.toOpenAIError().error, status: error.status };
}
