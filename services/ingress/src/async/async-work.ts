import { BatchStopMarks, BatchStore, FileStore } from '@sluice/batches';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { DeliveryLog, JobProgress, JobSettledListener, JobStore } from '@sluice/jobs';
import type { RedisClient } from '@sluice/queues';
import { type CancelPublisher, connectRedis, type ProviderQueues, type QueueCatalog } from '@sluice/queues';
import { JobSubmitter } from './job-submitter';

/** What the jobs, files and batches routes need. */
export interface AsyncWork {
  submitter: JobSubmitter;
  jobs: JobStore;
  /** The chunks of streamed jobs (background Responses streams) as workers relay them. */
  progress: JobProgress;
  settled: JobSettledListener;
  deliveries: DeliveryLog;
  cancels: CancelPublisher;
  queues: ProviderQueues;
  files: FileStore;
  batches: BatchStore;
  stops: BatchStopMarks;
  fileMaxBytes: number;
  /** Longest batch input line (characters): SLUICE_BODY_LIMIT, as for a request. */
  maxLineChars: number;
  config: () => GatewayConfig;
}

export interface AsyncWorkOptions {
  env: Env;
  config: () => GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  queues: ProviderQueues;
  database: SqlDatabase;
  cancels: CancelPublisher;
}

/** Builds the ingress's side of async jobs and batches; `stop` ends the long-poll subscription. */
export async function startAsyncWork(options: AsyncWorkOptions): Promise<{ work: AsyncWork; stop(): Promise<void> }> {
  const { env, catalog, redis } = options;
  const jobs = new JobStore({
    redis,
    keyPrefix: catalog.jobKeys,
    hashTag: catalog.hashTag,
    retentionS: env.SLUICE_JOB_RETENTION_S,
  });
  const settled = new JobSettledListener(connectRedis(env, 'blocking'), jobs.keys.settledChannel);
  await settled.start();
  const work: AsyncWork = {
    submitter: new JobSubmitter({
      config: options.config,
      queues: options.queues,
      store: jobs,
      allowPrivateWebhooks: env.SLUICE_WEBHOOK_ALLOW_PRIVATE,
    }),
    jobs,
    progress: new JobProgress(redis, { keyPrefix: catalog.jobKeys, hashTag: catalog.hashTag }),
    settled,
    deliveries: new DeliveryLog(redis, catalog.jobKeys, catalog.hashTag, env.SLUICE_JOB_RETENTION_S),
    cancels: options.cancels,
    queues: options.queues,
    files: new FileStore(options.database),
    batches: new BatchStore(options.database),
    stops: new BatchStopMarks(redis, catalog.batchKeys),
    fileMaxBytes: env.SLUICE_FILE_MAX_BYTES,
    maxLineChars: env.SLUICE_BODY_LIMIT,
    config: options.config,
  };
  return { work, stop: () => settled.stop() };
}
