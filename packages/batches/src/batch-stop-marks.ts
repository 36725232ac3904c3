import type { RedisClient } from '@sluice/queues';

/** How long a mark outlives the longest completion window, so no queued line of a stopped batch outlasts it. */
const MARK_TTL_S = 3 * 24 * 3600;

/**
 * Marks of batches that were cancelled or expired, checked by workers before they run a batch line: the lines
 * still queued are skipped at the cost of one Redis read each, rather than searched for in every provider queue.
 */
export class BatchStopMarks {
  constructor(
    private readonly redis: RedisClient,
    private readonly batchKeys: string,
  ) {}

  async mark(batchId: string): Promise<void> {
    await this.redis.set(this.key(batchId), '1', 'EX', MARK_TTL_S);
  }

  async isStopped(batchId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(batchId))) === 1;
  }

  private key(batchId: string): string {
    return `${this.batchKeys}:stopped:${batchId}`;
  }
}
