import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { DeliveryLog, JobProgress, JobSettledListener, JobStore, JobSubmitter } from '@sluice/jobs';
import type { CancelPublisher, ProviderQueues, QueueCatalog, RedisClient } from '@sluice/queues';
import { BatchStopMarks } from './batch-stop-marks';
import { BatchStore } from './batch-store';
import { FileStore } from './file-store';

/** Async work as a gateway takes it in (SPEC §4.2, §4.3): jobs and their progress, batch input files, batches. */
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
  settings: Pick<
    Env,
    'SLUICE_JOB_RETENTION_S' | 'SLUICE_WEBHOOK_ALLOW_PRIVATE' | 'SLUICE_FILE_MAX_BYTES' | 'SLUICE_BODY_LIMIT'
  >;
  config: () => GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  /** The job-settled channel's subscription, a connection of its own. */
  jobSettled: RedisClient;
  queues: ProviderQueues;
  database: SqlDatabase;
  cancels: CancelPublisher;
}

/** Opens the stores of async jobs, files and batches and the job-settled subscription; `stop` ends the subscription. */
export async function startAsyncWork(options: AsyncWorkOptions): Promise<{ work: AsyncWork; stop(): Promise<void> }> {
  const { settings, catalog, redis } = options;
  const jobs = new JobStore({
    redis,
    keyPrefix: catalog.jobKeys,
    hashTag: catalog.hashTag,
    retentionS: settings.SLUICE_JOB_RETENTION_S,
  });
  const settled = new JobSettledListener(options.jobSettled, jobs.keys.settledChannel);
  await settled.start();
  const work: AsyncWork = {
    submitter: new JobSubmitter({
      config: options.config,
      queues: options.queues,
      store: jobs,
      allowPrivateWebhooks: settings.SLUICE_WEBHOOK_ALLOW_PRIVATE,
    }),
    jobs,
    progress: new JobProgress(redis, { keyPrefix: catalog.jobKeys, hashTag: catalog.hashTag }),
    settled,
    deliveries: new DeliveryLog(redis, catalog.jobKeys, catalog.hashTag, settings.SLUICE_JOB_RETENTION_S),
    cancels: options.cancels,
    queues: options.queues,
    files: new FileStore(options.database),
    batches: new BatchStore(options.database),
    stops: new BatchStopMarks(redis, catalog.batchKeys),
    fileMaxBytes: settings.SLUICE_FILE_MAX_BYTES,
    maxLineChars: settings.SLUICE_BODY_LIMIT,
    config: options.config,
  };
  return { work, stop: () => settled.stop() };
}
