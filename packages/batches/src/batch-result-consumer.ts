import type { Redis } from 'ioredis';
import { type BatchLineResult, BatchLineResultSchema, batchResultsStream } from './batch-result-stream';

export interface BatchResultConsumerOptions {
  redis: Redis;
  batchKeys: string;
  consumer: string;
  handle(results: BatchLineResult[]): Promise<void>;
  onError(error: unknown): void;
  batchSize?: number;
  /** Results a dead runner read but never acknowledged are claimed again after this long. */
  reclaimAfterMs?: number;
}

const GROUP = 'batches';

/**
 * Reads line results through one consumer group shared by every batch runner process: each result is handled by
 * one runner, at least once, and acknowledged (then deleted) only after `handle` stored it.
 */
export class BatchResultConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly stream: string;

  constructor(private readonly options: BatchResultConsumerOptions) {
    this.stream = batchResultsStream(options.batchKeys);
  }

  async start(): Promise<void> {
    try {
      await this.options.redis.xgroup('CREATE', this.stream, GROUP, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const reclaimed = await this.read(true);
        const entries = reclaimed.length > 0 ? reclaimed : await this.read(false);
        if (entries.length === 0) continue;
        await this.options.handle(entries.flatMap((entry) => (entry.result ? [entry.result] : [])));
        const ids = entries.map((entry) => entry.id);
        await this.options.redis.multi().xack(this.stream, GROUP, ...ids).xdel(this.stream, ...ids).exec();
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async read(reclaim: boolean): Promise<{ id: string; result: BatchLineResult | undefined }[]> {
    const { redis, consumer } = this.options;
    const count = this.options.batchSize ?? 500;
    const entries = reclaim
      ? ((await redis.xautoclaim(this.stream, GROUP, consumer, this.options.reclaimAfterMs ?? 30_000, '0-0', 'COUNT', count)) as [string, [string, string[]][]])[1]
      : ((await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', 1000, 'STREAMS', this.stream, '>')) as [string, [string, string[]][]][] | null)?.[0]?.[1];
    return (entries ?? []).map(([id, fields]) => ({ id, result: decode(fields) }));
  }
}

function decode(fields: string[] | undefined): BatchLineResult | undefined {
  try {
    const parsed = BatchLineResultSchema.safeParse(JSON.parse(fields?.[1] ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
