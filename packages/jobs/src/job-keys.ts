import { createHash } from 'node:crypto';
import type { JobStatus } from './job-record';

/** Every Redis key of the job store, under the catalog's `jobKeys` prefix. Owners are virtual key ids, or `_`. */
export interface JobKeys {
  record(id: string): string;
  deliveries(id: string): string;
  /** Sorted set (score: created ms) of one owner's jobs, all of them or those in one status. */
  index(owner: string, status: JobStatus | 'all'): string;
  /** What `index(owner, status)` starts with, for an owner and status read at run time (inside a script). */
  indexPrefix: string;
  idempotency(key: string): string;
  /** Pub/sub channel on which a job id is published when it reaches a terminal status. */
  settledChannel: string;
}

export function jobKeys(base: string): JobKeys {
  return {
    record: (id) => `${base}:record:${id}`,
    deliveries: (id) => `${base}:deliveries:${id}`,
    index: (owner, status) => `${base}:index:${owner}:${status}`,
    indexPrefix: `${base}:index:`,
    // Hashed: a client's key can be any length.
    idempotency: (key) => `${base}:idempotency:${createHash('sha256').update(key).digest('hex')}`,
    settledChannel: `${base}:settled`,
  };
}
