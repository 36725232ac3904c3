import type { RedisClient } from './redis-client';

/** One entry read: its id (always acknowledged) and its decoded value, when it is one the consumer wants. */
export interface StreamEntry<Value> {
  id: string;
  value: Value | undefined;
}

export interface StreamGroupConsumerOptions<Value> {
  redis: RedisClient;
  stream: string;
  /** One group per consuming service: each group sees every entry once. */
  group: string;
  consumer: string;
  /**
   * `strings` (default): entries' fields are read as strings. `bytes`: as the bytes Redis sent, for a consumer that
   * passes a large value on without decoding it (the request log's bodies): no string of it is made, and what the
   * consumer holds while it works lives outside the JavaScript heap. Reading bytes costs more CPU per entry than
   * strings (BENCHMARKS.md, 2026-12-07 01:28–03:10), so a consumer that drops or parses its values reads strings.
   */
  replies?: 'strings' | 'bytes';
  /** The entry's fields (`[name, value, …]`, as `replies` says) as a value; undefined skips it (still acknowledged). */
  decode(fields: (string | Buffer)[]): Value | undefined;
  handle(values: { id: string; value: Value }[]): Promise<void>;
  onError(error: unknown): void;
  batchSize?: number;
  blockMs?: number;
  /** Entries left unacknowledged this long by a dead consumer are claimed again. */
  reclaimAfterMs?: number;
  /** After a batch smaller than `batchSize`, wait this long before reading again, so a trickle is handled in batches. */
  lingerMs?: number;
  /** Delete entries once acknowledged (a stream with one group, whose entries nobody reads again). */
  deleteAcknowledged?: boolean;
}

/** How often a consumer looks for entries a dead consumer left unacknowledged. */
const RECLAIM_EVERY_MS = 5_000;

/**
 * At-least-once consumption of a Redis stream through a consumer group: entries are acknowledged only after `handle`
 * resolved; entries a dead consumer read but never acknowledged are claimed again.
 */
export class StreamGroupConsumer<Value> {
  private running = false;
  private loop: Promise<void> | undefined;
  private nextReclaimAt = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly options: StreamGroupConsumerOptions<Value>) {}

  async start(): Promise<void> {
    try {
      await this.options.redis.xgroup('CREATE', this.options.stream, this.options.group, '0', 'MKSTREAM');
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
        const entries = reclaimed.length > 0 ? reclaimed : await this.readNew();
        if (entries.length === 0) continue;
        // Loops, not array methods with callbacks: V8 drops the optimised code of a function literal once no closure
        // of it is alive, and a consumer lingering between batches compiled them again and again (BENCHMARKS.md,
        // 2026-12-07 20:16–20:58 UTC notes).
        const wanted: { id: string; value: Value }[] = [];
        const ids: string[] = [];
        for (const { id, value } of entries) {
          if (value !== undefined) wanted.push({ id, value });
          ids.push(id);
        }
        if (wanted.length > 0) await this.options.handle(wanted);
        await this.acknowledge(ids);
        if (entries.length < this.batchSize()) await this.linger();
      } catch (error) {
        if (!this.running) return;
        this.options.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async acknowledge(ids: string[]): Promise<void> {
    const { redis, stream, group } = this.options;
    if (this.options.deleteAcknowledged)
      await redis
        .multi()
        .xack(stream, group, ...ids)
        .xdel(stream, ...ids)
        .exec();
    else await redis.xack(stream, group, ...ids);
  }

  private linger(): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 100;
    if (lingerMs <= 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      setTimeout(resolve, lingerMs);
    });
  }

  private async readNew(): Promise<StreamEntry<Value>[]> {
    const { stream, group, consumer } = this.options;
    const args = ['GROUP', group, consumer, 'COUNT', this.batchSize(), 'BLOCK', this.options.blockMs ?? 1000];
    const result = (await this.command('XREADGROUP', [...args, 'STREAMS', stream, '>'])) as
      | [unknown, [string | Buffer, (string | Buffer)[]][]][]
      | null;
    return this.decodeAll(result?.[0]?.[1] ?? []);
  }

  /** Claims entries a dead consumer left unacknowledged; checked every few seconds, not on every read. */
  private async reclaim(): Promise<StreamEntry<Value>[]> {
    if (Date.now() < this.nextReclaimAt) return [];
    const { stream, group, consumer } = this.options;
    const result = (await this.command('XAUTOCLAIM', [
      stream,
      group,
      consumer,
      this.options.reclaimAfterMs ?? 60_000,
      '0-0',
      'COUNT',
      this.batchSize(),
    ])) as [unknown, [string | Buffer, (string | Buffer)[] | null][]];
    const claimed = result[1] ?? [];
    if (claimed.length < this.batchSize()) this.nextReclaimAt = Date.now() + RECLAIM_EVERY_MS;
    return this.decodeAll(claimed);
  }

  private command(name: string, args: (string | number)[]): Promise<unknown> {
    const { redis } = this.options;
    return this.options.replies === 'bytes' ? redis.callBuffer(name, args) : redis.call(name, args);
  }

  private decodeAll(entries: [string | Buffer, (string | Buffer)[] | null][]): StreamEntry<Value>[] {
    const decoded: StreamEntry<Value>[] = [];
    for (const [id, fields] of entries)
      decoded.push({ id: String(id), value: fields ? this.decodeSafely(fields) : undefined });
    return decoded;
  }

  /** An entry that does not decode is skipped (and acknowledged), never retried forever. */
  private decodeSafely(fields: (string | Buffer)[]): Value | undefined {
    try {
      return this.options.decode(fields);
    } catch {
      return undefined;
    }
  }

  private batchSize(): number {
    return this.options.batchSize ?? 500;
  }
}
