import type { HashTag, RedisClient } from '@sluice/queues';
import { jobKeys } from './job-keys';

/** How long a streamed job's chunks are kept after the last one: the finished answer is in the job record. */
const PROGRESS_TTL_S = 3_600;
const READ_BATCH = 1_000;

/** One entry of a job's progress: an attempt began (a rerun starts over), or chunks the provider sent. */
export type ProgressEntry = { id: string; kind: 'started' } | { id: string; kind: 'chunks'; data: string[] };

/**
 * The chunks of a streamed async job (a background Responses stream), appended by the worker as they arrive and read
 * by any number of readers from any point. Each append is one stream entry, its chunks fields of their own.
 */
export class JobProgress {
  private readonly keys: ReturnType<typeof jobKeys>;

  constructor(
    private readonly redis: RedisClient,
    options: { keyPrefix: string; hashTag: HashTag },
  ) {
    this.keys = jobKeys(options.keyPrefix, options.hashTag);
  }

  /** An attempt of the job began streaming: readers that saw an earlier attempt's chunks must start over. */
  async started(jobId: string): Promise<void> {
    await this.append(jobId, ['s', '1']);
  }

  async chunks(jobId: string, data: readonly string[]): Promise<void> {
    const fields: string[] = [];
    for (const chunk of data) fields.push('c', chunk);
    if (fields.length > 0) await this.append(jobId, fields);
  }

  /** The entries after `afterId` (`0-0`: from the start), oldest first. */
  async read(jobId: string, afterId: string): Promise<ProgressEntry[]> {
    const entries = await this.redis.xrange(this.keys.progress(jobId), `(${afterId}`, '+', 'COUNT', READ_BATCH);
    return entries.map(([id, fields]): ProgressEntry => {
      if (fields[0] === 's') return { id, kind: 'started' };
      const data: string[] = [];
      for (let index = 1; index < fields.length; index += 2) data.push(fields[index] as string);
      return { id, kind: 'chunks', data };
    });
  }

  private async append(jobId: string, fields: string[]): Promise<void> {
    const key = this.keys.progress(jobId);
    await this.redis
      .multi()
      .xadd(key, '*', ...fields)
      .expire(key, PROGRESS_TTL_S)
      .exec();
  }
}
