import { createHash } from 'node:crypto';
import type { HashTag } from '@sluice/queues';
import type { JobStatus } from './job-record';

/**
 * Every Redis key of the job store, under the catalog's `jobKeys` prefix. Owners are virtual key ids, or `_`.
 * On a cluster a job's record is tagged by the job, and one owner's indexes share the owner's tag, so each script
 * runs on one slot (docs/redis-cluster.md).
 */
export interface JobKeys {
  record(id: string): string;
  deliveries(id: string): string;
  /** Sorted set (score: created ms) of one owner's jobs, all of them or those in one status. */
  index(owner: string, status: JobStatus | 'all'): string;
  idempotency(key: string): string;
  /** Stream of a streamed job's chunks as the worker relays them (JobProgress). */
  progress(id: string): string;
  /** Pub/sub channel on which a job id is published when it reaches a terminal status. */
  settledChannel: string;
}

export function jobKeys(base: string, hashTag: HashTag): JobKeys {
  return {
    record: (id) => `${base}:${hashTag(`record:${id}`)}`,
    deliveries: (id) => `${base}:${hashTag(`deliveries:${id}`)}`,
    index: (owner, status) => `${base}:${hashTag(`index:${owner}`)}:${status}`,
    progress: (id) => `${base}:${hashTag(`progress:${id}`)}`,
    // Hashed: a client's key can be any length.
    idempotency: (key) => `${base}:idempotency:${createHash('sha256').update(key).digest('hex')}`,
    settledChannel: `${base}:settled`,
  };
}
