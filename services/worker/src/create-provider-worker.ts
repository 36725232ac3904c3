import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ProviderJobSchema, type QueueCatalog } from '@sluice/queues';
import { type JobRunnerDependencies, runProviderJob } from './run-provider-job';

export interface ProviderWorkerOptions {
  providerId: string;
  connection: Redis;
  catalog: QueueCatalog;
  concurrency: number;
  dependencies: JobRunnerDependencies;
}

/** A BullMQ worker on one provider account's queue; payloads are re-validated on receipt. */
export function createProviderWorker(options: ProviderWorkerOptions): Worker {
  const { dependencies } = options;
  const worker = new Worker(
    options.catalog.providerQueue(options.providerId),
    async (job: Job) => {
      const parsed = ProviderJobSchema.safeParse(job.data);
      if (!parsed.success) {
        dependencies.logger.error({ jobId: job.id, provider: options.providerId, issues: parsed.error.issues.slice(0, 5) }, 'dropping a malformed provider job');
        return;
      }
      await runProviderJob(parsed.data, job.id, dependencies);
      dependencies.logger.debug({ requestId: parsed.data.requestId, jobId: job.id, provider: options.providerId }, 'provider job finished');
    },
    {
      connection: options.connection,
      prefix: options.catalog.prefix,
      concurrency: options.concurrency,
      autorun: false,
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
      stalledInterval: 15_000,
      lockDuration: 30_000,
    },
  );
  worker.on('error', (error) => dependencies.logger.error({ err: error, provider: options.providerId }, 'worker error'));
  return worker;
}
