import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { SluiceError } from '@sluice/errors';
import type { ProviderQueues, RedisClient } from '@sluice/queues';
import { BatchLeases } from './batch-leases';
import { BatchResultConsumer } from './batch-result-consumer';
import { BatchResults } from './batch-results';
import { BatchRunner } from './batch-runner';
import type { BatchLimits } from './batch-runner-dependencies';
import { BatchStopMarks } from './batch-stop-marks';
import { FileStore } from './file-store';

export interface BatchRunnerSetup {
  database: SqlDatabase;
  /** Shared command connection. */
  redis: RedisClient;
  /** A connection of its own for the blocking result reads. */
  blockingRedis: RedisClient;
  /** The catalog's `batchKeys` prefix. */
  batchKeys: string;
  config: () => GatewayConfig;
  queues: ProviderQueues;
  limits: BatchLimits;
  /** Unique per process: the lease owner and result consumer name. */
  owner: string;
  /** See BatchRunDependencies.keyProblem. */
  keyProblem(keyId: string): Promise<SluiceError | undefined>;
  onError(error: unknown, batchId?: string): void;
  leaseMs?: number;
  pollMs?: number;
  /** Default: looked for hourly, abandoned once a day old (no upload takes that long). */
  abandonedUploads?: { sweepEveryMs: number; ageMs: number };
}

/** Wires a batch runner for one process. */
export function createBatchRunner(setup: BatchRunnerSetup): BatchRunner {
  const leaseMs = setup.leaseMs ?? 30_000;
  const results = new BatchResults(setup.database);
  return new BatchRunner({
    dependencies: {
      config: setup.config,
      queues: setup.queues,
      files: new FileStore(setup.database),
      leases: new BatchLeases(setup.database, setup.owner, leaseMs),
      results,
      stops: new BatchStopMarks(setup.redis, setup.batchKeys),
      limits: setup.limits,
      keyProblem: setup.keyProblem,
      pollMs: setup.pollMs ?? 200,
      now: Date.now,
    },
    consumer: new BatchResultConsumer({
      redis: setup.blockingRedis,
      batchKeys: setup.batchKeys,
      consumer: setup.owner,
      handle: (lineResults) => results.store(lineResults),
      onError: (error) => setup.onError(error),
      // Results a dead runner read but never stored come back as soon as its batches would.
      reclaimAfterMs: leaseMs,
    }),
    concurrency: 4,
    claimEveryMs: 1_000,
    renewEveryMs: Math.floor(leaseMs / 3),
    abandonedUploads: setup.abandonedUploads ?? { sweepEveryMs: 3_600_000, ageMs: 24 * 3_600_000 },
    onError: setup.onError,
  });
}
