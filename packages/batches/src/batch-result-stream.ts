import type { RedisClient } from '@sluice/queues';
import { z } from 'zod';

/** What a worker reports for one batch line: its finished output or error-file line and the tokens it used. */
export const BatchLineResultSchema = z.object({
  batchId: z.string(),
  line: z.number().int().nonnegative(),
  ok: z.boolean(),
  output: z.string(),
  inputTokens: z.number().int().nonnegative().default(0),
  outputTokens: z.number().int().nonnegative().default(0),
});
export type BatchLineResult = z.infer<typeof BatchLineResultSchema>;

/** The stream of line results, under the catalog's `batchKeys` prefix. */
export function batchResultsStream(batchKeys: string): string {
  return `${batchKeys}:results`;
}

/** Worker side: appends a line's result to the stream the batch runners consume. */
export class BatchResultPublisher {
  constructor(
    private readonly redis: RedisClient,
    private readonly batchKeys: string,
  ) {}

  async publish(result: BatchLineResult): Promise<void> {
    await this.redis.xadd(batchResultsStream(this.batchKeys), '*', 'r', JSON.stringify(result));
  }
}
