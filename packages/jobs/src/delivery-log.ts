import type { HashTag, RedisClient } from '@sluice/queues';
import { z } from 'zod';
import { type JobKeys, jobKeys } from './job-keys';

/** One webhook delivery attempt, as `GET /v1/jobs/:id/deliveries` lists it. */
export const DeliveryAttemptSchema = z.object({
  object: z.literal('webhook.delivery'),
  webhook_id: z.string(),
  attempt: z.number().int().positive(),
  url: z.string(),
  /** `delivered` (2xx), `retrying` (another try is scheduled), `failed` (no more tries) or `refused` (SSRF guard). */
  outcome: z.enum(['delivered', 'retrying', 'failed', 'refused']),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().nonnegative(),
  attempted_at: z.number().int(),
  next_attempt_at: z.number().int().nullable(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

/** The delivery attempts of each job, in order, kept as long as the job record. */
export class DeliveryLog {
  private readonly keys: JobKeys;

  constructor(
    private readonly redis: RedisClient,
    keyPrefix: string,
    hashTag: HashTag,
    private readonly retentionS: number,
  ) {
    this.keys = jobKeys(keyPrefix, hashTag);
  }

  async append(jobId: string, attempt: DeliveryAttempt): Promise<void> {
    const key = this.keys.deliveries(jobId);
    await this.redis.multi().rpush(key, JSON.stringify(attempt)).expire(key, this.retentionS).exec();
  }

  async list(jobId: string): Promise<DeliveryAttempt[]> {
    const entries = await this.redis.lrange(this.keys.deliveries(jobId), 0, -1);
    return entries.flatMap((entry) => {
      const parsed = DeliveryAttemptSchema.safeParse(JSON.parse(entry));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
