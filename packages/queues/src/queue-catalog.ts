import type { JobsOptions } from 'bullmq';
import { clusterHashTag, type HashTag, noHashTag } from './hash-tag';

/** Every queue and Redis key name Sluice uses; no service writes one as a string. */
export interface QueueCatalog {
  /** The deployment's prefix (SLUICE_QUEUE_PREFIX): every key and channel starts with it. */
  prefix: string;
  /** Braces a key part on a cluster; the part unchanged on one server. */
  hashTag: HashTag;
  /** BullMQ prefix of one queue: the deployment's prefix, or on a cluster `{prefix:queue}`, one slot per queue. */
  queuePrefix(queueName: string): string;
  providerQueue(providerId: string): string;
  replyStream(instanceId: string): string;
  cancelChannel: string;
  /** Pub/sub channel on which a worker announces a circuit it opened (CircuitBreaker). */
  breakerTripChannel: string;
  /** Pub/sub channel on which a worker announces an account it paused after a provider 429 (AccountPauses). */
  accountPauseChannel: string;
  completionEvents: string;
  /** Hash of per provider and model request aggregates, read by `/metrics`. */
  requestMetrics: string;
  /** BullMQ queue of webhook deliveries (durable retries with backoff). */
  webhookQueue: string;
  /** Prefix of the async job records, their indexes and delivery logs. */
  jobKeys: string;
  /** Prefix of the batch runner's Redis keys (line results stream, cancel marks). */
  batchKeys: string;
  /** Prefix of the uploaded images and audio a media request's job refers to (MediaBlobStore). */
  mediaBlobs: string;
}

export function createQueueCatalog(prefix: string, options: { cluster?: boolean } = {}): QueueCatalog {
  const hashTag = options.cluster ? clusterHashTag : noHashTag;
  return {
    prefix,
    hashTag,
    queuePrefix: (queueName) => (options.cluster ? hashTag(`${prefix}:${queueName}`) : prefix),
    providerQueue: (providerId) => `provider-${providerId}`,
    replyStream: (instanceId) => `${prefix}:reply:${instanceId}`,
    cancelChannel: `${prefix}:cancel`,
    breakerTripChannel: `${prefix}:breaker-trips`,
    accountPauseChannel: `${prefix}:account-pauses`,
    completionEvents: `${prefix}:events:completion`,
    requestMetrics: `${prefix}:metrics:requests`,
    webhookQueue: 'webhooks',
    jobKeys: `${prefix}:jobs`,
    batchKeys: `${prefix}:batches`,
    mediaBlobs: `${prefix}:media`,
  };
}

/** BullMQ priorities: a lower number runs first. */
export const JOB_PRIORITY = { sync: 1, high: 2, normal: 3, low: 4, batch: 10 } as const;

/** Lean options for provider calls: finished jobs leave Redis at once; failed ones stay a day for inspection. */
export const PROVIDER_JOB_OPTIONS: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
};
