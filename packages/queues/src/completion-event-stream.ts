import type { Redis } from 'ioredis';
import { type CompletionEvent, type CompletionEventInput, CompletionEventSchema } from './completion-event';

const MAX_LENGTH = '1000000';
/** How often a consumer looks for deliveries a dead consumer left unacknowledged. */
const RECLAIM_EVERY_MS = 5_000;

/** Appends completion events to the shared stream that the logger, cache and webhook services consume. */
export class CompletionEventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly streamKey: string,
  ) {}

  async publish(event: CompletionEventInput): Promise<void> {
    await this.redis.xadd(this.streamKey, 'MAXLEN', '~', MAX_LENGTH, '*', 'e', JSON.stringify(event));
  }
}

export interface ConsumerOptions {
  redis: Redis;
  streamKey: string;
  /** One group per consuming service: each group sees every event once. */
  group: string;
  consumer: string;
  batchSize?: number;
  blockMs?: number;
  /** Deliveries left unacknowledged this long by a dead consumer are claimed again. */
  reclaimAfterMs?: number;
  /**
   * After a batch smaller than `batchSize`, wait this long before reading again, so a trickle of events is handled
   * in batches rather than one by one (default 100 ms; 0 reads again at once).
   */
  lingerMs?: number;
  handle(events: { id: string; event: CompletionEvent }[]): Promise<void>;
  onError(error: unknown): void;
}

/** At-least-once consumption through a Redis consumer group: acknowledged only after `handle` succeeds. */
export class CompletionEventConsumer {
  private running = false;
  private loop: Promise<void> | undefined;
  private nextReclaimAt = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly options: ConsumerOptions) {}

  async start(): Promise<void> {
    try {
      await this.options.redis.xgroup('CREATE', this.options.streamKey, this.options.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const reclaimed = await this.reclaim();
        const fresh = reclaimed.length > 0 ? [] : await this.readNew();
        const batch = [...reclaimed, ...fresh];
        if (batch.length === 0) continue;
        await this.options.handle(batch);
        await this.options.redis.xack(this.options.streamKey, this.options.group, ...batch.map((item) => item.id));
        if (batch.length < (this.options.batchSize ?? 500)) await this.linger();
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private linger(): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 100;
    if (lingerMs <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      setTimeout(resolve, lingerMs);
    });
  }

  private async readNew(): Promise<{ id: string; event: CompletionEvent }[]> {
    const { redis, streamKey, group, consumer } = this.options;
    const result = (await redis.xreadgroup(
      'GROUP', group, consumer,
      'COUNT', this.options.batchSize ?? 500,
      'BLOCK', this.options.blockMs ?? 1000,
      'STREAMS', streamKey, '>',
    )) as [string, [string, string[]][]][] | null;
    return decodeEntries(result?.[0]?.[1] ?? []);
  }

  /** Claims deliveries a dead consumer left unacknowledged; checked every few seconds, not on every read. */
  private async reclaim(): Promise<{ id: string; event: CompletionEvent }[]> {
    if (Date.now() < this.nextReclaimAt) return [];
    const { redis, streamKey, group, consumer } = this.options;
    const result = (await redis.xautoclaim(
      streamKey, group, consumer, this.options.reclaimAfterMs ?? 60_000, '0-0', 'COUNT', this.options.batchSize ?? 500,
    )) as [string, [string, string[]][]];
    const claimed = result[1] ?? [];
    if (claimed.length < (this.options.batchSize ?? 500)) this.nextReclaimAt = Date.now() + RECLAIM_EVERY_MS;
    return decodeEntries(claimed);
  }
}

function decodeEntries(entries: [string, string[]][]): { id: string; event: CompletionEvent }[] {
  const decoded: { id: string; event: CompletionEvent }[] = [];
  for (const [id, fields] of entries) {
    if (!fields) continue;
    const parsed = CompletionEventSchema.safeParse(JSON.parse(fields[1] ?? 'null'));
    if (parsed.success) decoded.push({ id, event: parsed.data });
  }
  return decoded;
}
