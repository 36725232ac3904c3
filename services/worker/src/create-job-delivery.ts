import { BatchResultPublisher, BatchStopMarks } from '@sluice/batches';
import type { Env, GatewayConfig } from '@sluice/config';
import { JobProgress, JobStore, WebhookQueue } from '@sluice/jobs';
import type { LocalReplyLink, RedisClient } from '@sluice/queues';
import { type QueueCatalog, ReplyPublisher } from '@sluice/queues';
import { PriceBook } from '@sluice/request-log';
import { batchLineDelivery } from './batch-line-delivery';
import { composeDelivery } from './compose-delivery';
import { type JobDelivery, replyDelivery } from './job-delivery';
import { jobRecordDelivery } from './job-record-delivery';

/** The worker's delivery for every mode: replies for sync, job records and webhooks for async, results for batches. */
export function createJobDelivery(options: {
  settings: Pick<Env, 'SLUICE_WEBHOOK_ATTEMPTS' | 'SLUICE_WEBHOOK_BACKOFF_MS' | 'SLUICE_JOB_RETENTION_S'>;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  /** The connection the webhook queue's BullMQ producer is given (RedisConnectionSet's `queues`). */
  queueConnection: RedisClient;
  /** The ingress of this process, replied to over a port (LocalReplyLink). */
  localReplies?: LocalReplyLink | undefined;
}): {
  delivery: JobDelivery;
  close(): Promise<void>;
} {
  const { settings, catalog, redis } = options;
  const webhooks = new WebhookQueue(options.queueConnection, {
    name: catalog.webhookQueue,
    prefix: catalog.queuePrefix(catalog.webhookQueue),
    retry: { attempts: settings.SLUICE_WEBHOOK_ATTEMPTS, backoffMs: settings.SLUICE_WEBHOOK_BACKOFF_MS },
  });
  const delivery = composeDelivery({
    sync: replyDelivery(new ReplyPublisher(redis, options.localReplies)),
    async: jobRecordDelivery({
      store: new JobStore({
        redis,
        keyPrefix: catalog.jobKeys,
        hashTag: catalog.hashTag,
        retentionS: settings.SLUICE_JOB_RETENTION_S,
      }),
      progress: new JobProgress(redis, { keyPrefix: catalog.jobKeys, hashTag: catalog.hashTag }),
      webhooks,
      priceBook: new PriceBook(options.config.pricing),
    }),
    batch: batchLineDelivery(
      new BatchResultPublisher(redis, catalog.batchKeys),
      new BatchStopMarks(redis, catalog.batchKeys),
    ),
  });
  return { delivery, close: () => webhooks.close() };
}
