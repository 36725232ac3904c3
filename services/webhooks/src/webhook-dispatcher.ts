import {
  type DeliveryAttempt,
  type DeliveryLog,
  type JobStore,
  retryDelayMs,
  WebhookDeliverySchema,
  type WebhookRetryPolicy,
} from '@sluice/jobs';
import type { Logger } from '@sluice/observability';
import type { QueueCatalog, RedisClient } from '@sluice/queues';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { WebhookDestinationRefusedError } from './guarded-lookup';
import type { WebhookSender } from './webhook-sender';

export interface WebhookDispatcherOptions {
  connection: RedisClient;
  catalog: QueueCatalog;
  store: JobStore;
  log: DeliveryLog;
  sender: WebhookSender;
  retry: WebhookRetryPolicy;
  concurrency: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Delivers queued webhook messages: a 2xx answer delivers; any other answer or a network failure is retried by
 * BullMQ with exponential backoff until the tries run out; a refused destination is never retried. Every try is
 * appended to the job's delivery log.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): Worker {
  const now = options.now ?? Date.now;
  const worker = new Worker(
    options.catalog.webhookQueue,
    async (job: Job) => {
      const parsed = WebhookDeliverySchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed webhook delivery');
      const delivery = parsed.data;
      const attempt = job.attemptsMade + 1;
      const base = {
        object: 'webhook.delivery' as const,
        webhook_id: delivery.messageId,
        attempt,
        url: delivery.url,
        attempted_at: Math.floor(now() / 1000),
      };
      const record = await options.store.get(delivery.jobId);
      if (record?.webhook_secret === undefined) {
        await options.log.append(delivery.jobId, {
          ...base,
          outcome: 'failed',
          status_code: null,
          error: 'the job record expired before delivery',
          duration_ms: 0,
          next_attempt_at: null,
        });
        throw new UnrecoverableError('the job record expired before delivery');
      }
      const startedAt = now();
      let statusCode: number | null = null;
      let failure: string;
      try {
        statusCode = await options.sender.send(delivery, record.webhook_secret);
        if (statusCode >= 200 && statusCode < 300) {
          await options.log.append(delivery.jobId, {
            ...base,
            outcome: 'delivered',
            status_code: statusCode,
            error: null,
            duration_ms: now() - startedAt,
            next_attempt_at: null,
          });
          return;
        }
        failure = `the receiver answered HTTP ${statusCode}`;
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        if (error instanceof WebhookDestinationRefusedError) {
          await options.log.append(delivery.jobId, {
            ...base,
            outcome: 'refused',
            status_code: null,
            error: failure,
            duration_ms: now() - startedAt,
            next_attempt_at: null,
          });
          throw new UnrecoverableError(failure);
        }
      }
      const last = attempt >= (job.opts.attempts ?? 1);
      const entry: DeliveryAttempt = {
        ...base,
        outcome: last ? 'failed' : 'retrying',
        status_code: statusCode,
        error: failure,
        duration_ms: now() - startedAt,
        next_attempt_at: last ? null : Math.ceil((now() + retryDelayMs(options.retry, attempt)) / 1000),
      };
      await options.log.append(delivery.jobId, entry);
      throw new Error(failure);
    },
    {
      connection: options.connection,
      prefix: options.catalog.queuePrefix(options.catalog.webhookQueue),
      concurrency: options.concurrency,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      options.logger.warn({ jobId: job.data?.jobId, err: error.message }, 'webhook delivery gave up');
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'webhook worker error'));
  return worker;
}
