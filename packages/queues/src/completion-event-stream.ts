import { type CompletionEvent, type CompletionEventInput, CompletionEventSchema } from './completion-event';
import { ConsumedEntriesTrimmer, type ConsumedEntriesTrimmerOptions } from './consumed-entries-trimmer';
import { jsonTextOf } from './json-text';
import type { RedisClient } from './redis-client';
import { StreamGroupConsumer } from './stream-group-consumer';

const MAX_LENGTH = '1000000';

/**
 * How long bodies written by reference wait for the request log's group: deleted once it has stored them, they expire
 * after this only when no logger reads the stream for so long.
 */
const BODIES_TTL_S = 7 * 24 * 3600;

/**
 * Bodies shorter than this travel inline whatever the tags: a transaction of two commands costs the publisher more than
 * other groups' reading a few kilobytes unread.
 */
const BY_REFERENCE_FROM_CHARS = 8_192;

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

/**
 * The bodies a completion event carries, as the JSON text of `{request_body, response_body, translated_request_body}`:
 * a string as published, its UTF-8 bytes as read from the stream (never decoded into a string by a consumer that
 * stores them as they are or does not need them).
 */
export type EventBodiesText = string | Uint8Array;

/**
 * Appends completion events to the shared stream that the logger, cache and webhook services consume. An event's
 * bodies travel in a field of their own (`b`) beside the rest (`e`), so a consumer that does not need them (budget
 * settlement) never parses them, and the request log can store them as the text they came as. Large bodies of an event
 * no group but the request log's has an interest in (no tags) go by reference instead (`r`): a key of their own, written
 * just before the entry, which only the request log's group reads — so the cache and governance groups, which
 * acknowledge such an event unread, are not sent its bodies (a 45 KB conversation twice over).
 */
export class CompletionEventPublisher {
  constructor(
    private readonly redis: RedisClient,
    private readonly streamKey: string,
  ) {}

  async publish(event: CompletionEventInput): Promise<void> {
    const { request_body, response_body, translated_request_body, ...summary } = event;
    const bodies = eventBodiesText({ request_body, response_body, translated_request_body });
    const tags = interestTags(event);
    const entry = [this.streamKey, 'MAXLEN', '~', MAX_LENGTH, '*', 'e', JSON.stringify(summary), 't', tags] as const;
    if (bodies === undefined) await this.redis.xadd(...entry);
    else if (tags !== '' || bodies.length < BY_REFERENCE_FROM_CHARS) await this.redis.xadd(...entry, 'b', bodies);
    else {
      // The bodies first, then the entry naming them, on one connection: Redis runs them in that order, so no reader
      // finds the entry before its bodies. Not in a MULTI: ioredis builds a Pipeline for one, copying every script
      // defined on the connection (BullMQ's ~50 on a worker's) — ~25 µs of the publisher's CPU a 45 KB request
      // (BENCHMARKS.md, 2026-12-07 13:00–14:50 UTC notes). A failed SET fails the publish as before; the entry it may
      // leave is logged without bodies, as an expired key's is.
      const key = bodiesKeyOf(this.streamKey, event.id);
      await Promise.all([this.redis.set(key, bodies, 'EX', BODIES_TTL_S), this.redis.xadd(...entry, 'r', key)]);
    }
  }
}

/** The key an event's bodies are written under by reference: hash-tagged with the stream's key, so both share a slot. */
export function bodiesKeyOf(streamKey: string, eventId: string): string {
  return `{${streamKey}}:bodies:${eventId}`;
}

const BODY_FIELDS = ['request_body', 'response_body', 'translated_request_body'] as const;

/**
 * The JSON text of an event's bodies (`{request_body, response_body, translated_request_body}`, those it has), a body
 * held as JsonText written as it is; undefined when it has none.
 */
export function eventBodiesText(bodies: Pick<CompletionEventInput, (typeof BODY_FIELDS)[number]>): string | undefined {
  const members = BODY_FIELDS.flatMap((name) =>
    bodies[name] === undefined ? [] : [`"${name}":${jsonTextOf(bodies[name])}`],
  );
  return members.length === 0 ? undefined : `{${members.join(',')}}`;
}

/**
 * One event read from the stream: with `bodies: 'text'` or `'bytes'`, its bodies (when it has any) as the text they
 * travelled as, or its UTF-8 bytes.
 */
export interface ConsumedEvent {
  id: string;
  event: CompletionEvent;
  bodiesText?: EventBodiesText;
}

/** The bodies an event's `bodiesText` holds, parsed. */
export function parseEventBodies(
  bodiesText: EventBodiesText,
): Pick<CompletionEvent, 'request_body' | 'response_body' | 'translated_request_body'> {
  const text = typeof bodiesText === 'string' ? bodiesText : Buffer.from(bodiesText).toString('utf8');
  const { request_body, response_body, translated_request_body } = JSON.parse(text) as Partial<CompletionEvent>;
  return { request_body, response_body, translated_request_body };
}

/** The bodies of `bodiesText` (as ConsumedEvent gives it) parsed into the event. */
export function withParsedBodies(event: CompletionEvent, bodiesText: EventBodiesText | undefined): CompletionEvent {
  return bodiesText === undefined ? event : { ...event, ...parseEventBodies(bodiesText) };
}

/** The consumer groups of the completion-event stream, one per consuming service. */
export const COMPLETION_EVENT_GROUPS = { logger: 'logger', governance: 'governance', cache: 'cache' } as const;

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
  /**
   * `parsed` (default): the bodies are parsed into the event. `text`: left as the JSON text they travelled as
   * (`bodiesText`), for a consumer that seldom needs them (withParsedBodies). `bytes`: left as that text's UTF-8 bytes,
   * never decoded, for a consumer that stores them as they are (StreamGroupConsumerOptions.replies).
   */
  bodies?: 'parsed' | 'text' | 'bytes';
  /**
   * While consuming, entries every one of `groups` (all that read the stream, COMPLETION_EVENT_GROUPS) has finished
   * with are trimmed (ConsumedEntriesTrimmer). Unset: entries stay until the stream's length bound removes them.
   */
  trimConsumed?: Pick<ConsumedEntriesTrimmerOptions, 'groups' | 'everyMs' | 'onError'>;
  /**
   * The group is the last reader of bodies written by reference (the request log's, CompletionEventPublisher): it
   * deletes them once `handle` has succeeded.
   */
  deletesBodies?: boolean;
  handle(events: ConsumedEvent[]): Promise<void>;
  onError(error: unknown): void;
}

/** An event as decoded from its entry: its bodies inline, or the key they were written under by reference. */
type DecodedEvent = Omit<ConsumedEvent, 'id'> & { bodiesKey?: string };

/** At-least-once consumption through a Redis consumer group: acknowledged only after `handle` succeeds. */
export class CompletionEventConsumer {
  private readonly consumer: StreamGroupConsumer<DecodedEvent>;
  private readonly trimmer: ConsumedEntriesTrimmer | undefined;

  constructor(private readonly options: ConsumerOptions) {
    this.trimmer =
      options.trimConsumed === undefined
        ? undefined
        : new ConsumedEntriesTrimmer({ redis: options.redis, stream: options.streamKey, ...options.trimConsumed });
    this.consumer = new StreamGroupConsumer({
      redis: options.redis,
      stream: options.streamKey,
      group: options.group,
      consumer: options.consumer,
      batchSize: options.batchSize,
      blockMs: options.blockMs,
      reclaimAfterMs: options.reclaimAfterMs,
      lingerMs: options.lingerMs,
      replies: options.bodies === 'bytes' ? 'bytes' : 'strings',
      decode: (fields) => decodeEvent(fields, options.interest, options.bodies ?? 'parsed'),
      handle: (values) => this.handle(values),
      onError: options.onError,
    });
  }

  async start(): Promise<void> {
    await this.consumer.start();
    this.trimmer?.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.trimmer?.stop(), this.consumer.stop()]);
  }

  /** The batch handed over with the bodies written by reference read in (an expired one: the event without bodies). */
  private async handle(values: { id: string; value: DecodedEvent }[]): Promise<void> {
    const keys: string[] = [];
    for (const { value } of values) if (value.bodiesKey !== undefined) keys.push(value.bodiesKey);
    const read = keys.length === 0 ? [] : await this.readBodies(keys);
    let next = 0;
    await this.options.handle(
      values.map(({ id, value: { bodiesKey, ...consumed } }) => {
        if (bodiesKey === undefined) return { id, ...consumed };
        return { id, ...withBodies(consumed.event, read[next++] ?? undefined, this.options.bodies ?? 'parsed') };
      }),
    );
    if (this.options.deletesBodies && keys.length > 0) await this.options.redis.unlink(...keys);
  }

  private readBodies(keys: string[]): Promise<(EventBodiesText | null)[]> {
    const { redis } = this.options;
    return this.options.bodies === 'bytes' ? redis.mgetBuffer(...keys) : redis.mget(...keys);
  }
}

/**
 * Entries written before tags existed carry none and are decoded by every group; entries written before bodies had a
 * field of their own carry them inside the event.
 */
function decodeEvent(
  fields: (string | Buffer)[],
  interest: CompletionEventInterest | undefined,
  bodies: 'parsed' | 'text' | 'bytes',
): DecodedEvent | undefined {
  if (interest !== undefined && String(fields[2]) === 't' && !String(fields[3] ?? '').includes(INTEREST_TAGS[interest]))
    return undefined;
  const parsed = CompletionEventSchema.safeParse(JSON.parse(String(fields[1] ?? 'null')));
  if (!parsed.success) return undefined;
  const bodiesField = String(fields[4]);
  if (bodiesField === 'r') return { event: parsed.data, bodiesKey: String(fields[5]) };
  return withBodies(parsed.data, bodiesField === 'b' ? fields[5] : undefined, bodies);
}

/** The event with its bodies (when it has any) as the consumer takes them (ConsumerOptions.bodies). */
function withBodies(
  event: CompletionEvent,
  bodiesText: EventBodiesText | undefined,
  bodies: 'parsed' | 'text' | 'bytes',
): Omit<ConsumedEvent, 'id'> {
  if (bodies === 'parsed') return { event: withParsedBodies(event, bodiesText) };
  return bodiesText === undefined ? { event } : { event, bodiesText };
}
