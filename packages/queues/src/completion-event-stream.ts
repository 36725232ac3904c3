import type { Redis } from 'ioredis';
import { type CompletionEvent, type CompletionEventInput, CompletionEventSchema } from './completion-event';

const MAX_LENGTH = '1000000';
/** How often a consumer looks for deliveries a dead consumer left unacknowledged. */
const RECLAIM_EVERY_MS = 5_000;

/**
 * What an event is of use for beyond the request log, tagged on its stream entry so that a consumer group with a
 * narrower interest acknowledges the other events without decoding them.
 */
export type CompletionEventInterest = 'cache' | 'settlement';

const INTEREST_TAGS: Record<CompletionEventInterest, string> = { cache: 'c', settlement: 's' };

function interestTags(event: CompletionEventInput): string {
  const cache = event.cache_store !== undefined && event.status === 'success' ? INTEREST_TAGS.cache : '';
  const settlement = event.admission_id !== undefined || (event.virtual_key_id ?? null) !== null ? INTEREST_TAGS.settlement : '';
  return cache + settlement;
}

/** Appends completion events to the shared stream that the logger, cache and webhook services consume. */
export class CompletionEventPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly streamKey: string,
  ) {}

  async publish(event: CompletionEventInput): Promise<void> {
    await this.redis.xadd(this.streamKey, 'MAXLEN', '~', MAX_LENGTH, '*', 'e', JSON.stringify(event), 't', interestTags(event));
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
  /** Only events tagged with this interest are decoded and handled; the rest are acknowledged unread. Unset: all. */
  interest?: CompletionEventInterest;
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
        const read = reclaimed.ids.length > 0 ? reclaimed : await this.readNew();
        if (read.ids.length === 0) continue;
        if (read.events.length > 0) await this.options.handle(read.events);
        await this.options.redis.xack(this.options.streamKey, this.options.group, ...read.ids);
        if (read.ids.length < (this.options.batchSize ?? 500)) await this.linger();
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

  private async readNew(): Promise<ReadEntries> {
    const { redis, streamKey, group, consumer } = this.options;
    const result = (await redis.xreadgroup(
      'GROUP', group, consumer,
      'COUNT', this.options.batchSize ?? 500,
      'BLOCK', this.options.blockMs ?? 1000,
      'STREAMS', streamKey, '>',
    )) as [string, [string, string[]][]][] | null;
    return decodeEntries(result?.[0]?.[1] ?? [], this.options.interest);
  }

  /** Claims deliveries a dead consumer left unacknowledged; checked every few seconds, not on every read. */
  private async reclaim(): Promise<ReadEntries> {
    if (Date.now() < this.nextReclaimAt) return { ids: [], events: [] };
    const { redis, streamKey, group, consumer } = this.options;
    const result = (await redis.xautoclaim(
      streamKey, group, consumer, this.options.reclaimAfterMs ?? 60_000, '0-0', 'COUNT', this.options.batchSize ?? 500,
    )) as [string, [string, string[]][]];
    const claimed = result[1] ?? [];
    if (claimed.length < (this.options.batchSize ?? 500)) this.nextReclaimAt = Date.now() + RECLAIM_EVERY_MS;
    return decodeEntries(claimed, this.options.interest);
  }
}

interface ReadEntries {
  /** Every entry read, to acknowledge. */
  ids: string[];
  /** The entries of interest that decode to a valid event. */
  events: { id: string; event: CompletionEvent }[];
}

function decodeEntries(entries: [string, string[]][], interest: CompletionEventInterest | undefined): ReadEntries {
  const read: ReadEntries = { ids: [], events: [] };
  for (const [id, fields] of entries) {
    read.ids.push(id);
    if (!fields || !isOfInterest(fields, interest)) continue;
    const parsed = CompletionEventSchema.safeParse(JSON.parse(fields[1] ?? 'null'));
    if (parsed.success) read.events.push({ id, event: parsed.data });
  }
  return read;
}

/** Entries written before tags existed carry none and are decoded by everyone. */
function isOfInterest(fields: string[], interest: CompletionEventInterest | undefined): boolean {
  if (interest === undefined || fields[2] !== 't') return true;
  return (fields[3] ?? '').includes(INTEREST_TAGS[interest]);
}
