import { type CompletionEvent, type CompletionEventInput, CompletionEventSchema } from './completion-event';
import type { RedisClient } from './redis-client';
import { StreamGroupConsumer } from './stream-group-consumer';

const MAX_LENGTH = '1000000';

/**
 * What an event is of use for beyond the request log, tagged on its stream entry so that a consumer group with a
 * narrower interest acknowledges the other events without decoding them.
 */
export type CompletionEventInterest = 'cache' | 'settlement';

const INTEREST_TAGS: Record<CompletionEventInterest, string> = { cache: 'c', settlement: 's' };

function interestTags(event: CompletionEventInput): string {
  const cache = event.cache_store !== undefined && event.status === 'success' ? INTEREST_TAGS.cache : '';
  const settlement =
    event.admission_id !== undefined || (event.virtual_key_id ?? null) !== null ? INTEREST_TAGS.settlement : '';
  return cache + settlement;
}

/** Appends completion events to the shared stream that the logger, cache and webhook services consume. */
export class CompletionEventPublisher {
  constructor(
    private readonly redis: RedisClient,
    private readonly streamKey: string,
  ) {}

  async publish(event: CompletionEventInput): Promise<void> {
    await this.redis.xadd(
      this.streamKey,
      'MAXLEN',
      '~',
      MAX_LENGTH,
      '*',
      'e',
      JSON.stringify(event),
      't',
      interestTags(event),
    );
  }
}

export interface ConsumerOptions {
  redis: RedisClient;
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
  private readonly consumer: StreamGroupConsumer<CompletionEvent>;

  constructor(options: ConsumerOptions) {
    this.consumer = new StreamGroupConsumer({
      redis: options.redis,
      stream: options.streamKey,
      group: options.group,
      consumer: options.consumer,
      batchSize: options.batchSize,
      blockMs: options.blockMs,
      reclaimAfterMs: options.reclaimAfterMs,
      lingerMs: options.lingerMs,
      decode: (fields) => decodeEvent(fields, options.interest),
      handle: (values) => options.handle(values.map(({ id, value }) => ({ id, event: value }))),
      onError: options.onError,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}

/** Entries written before tags existed carry none and are decoded by every group. */
function decodeEvent(fields: string[], interest: CompletionEventInterest | undefined): CompletionEvent | undefined {
  if (interest !== undefined && fields[2] === 't' && !(fields[3] ?? '').includes(INTEREST_TAGS[interest]))
    return undefined;
  const parsed = CompletionEventSchema.safeParse(JSON.parse(fields[1] ?? 'null'));
  return parsed.success ? parsed.data : undefined;
}
