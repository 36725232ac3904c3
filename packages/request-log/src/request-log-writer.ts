import type { SqlDatabase } from '@sluice/database';
import { type CompletionEvent, type EventBodiesText, withParsedBodies } from '@sluice/queues';
import { estimateUsage } from './estimate-usage';
import { insertRowObjects, type RowsToInsert, rowsToInsert } from './insert-row-objects';
import { canonicalDay, firstKeptDay } from './partitions/partition-day';
import { RequestLogPartitions } from './partitions/request-log-partitions';
import { priceEvent } from './price-event';
import { PriceBook } from './pricing/price-book';
import { copyRow, copyRows } from './request-log-copy';
import { type ComputedFields, rowObject } from './request-log-row';
import {
  byId,
  canonicalTime,
  isPrepared,
  isUnprepared,
  type RequestToStore,
  requestOfEntry,
  rollupOf,
  type StoredRequest,
  withCreatedAt,
  withPrepared,
} from './requests-to-store';
import { rollupDeltas } from './rollups/rollup-deltas';
import { rollupInput } from './rollups/rollup-input';
import { upsertRollups } from './rollups/upsert-rollups';
import { cleanText } from './sql-text';
import { KnownTurns } from './turns/known-turns';
import { TurnDigests } from './turns/turn-digests';
import { INSERT_TURNS_SQL, mayTakeTurnsApart, turnsApart, turnsParameter } from './turns/turns-apart';

/** How long rows, and separately their bodies, are kept (SLUICE_LOG_RETENTION_DAYS, SLUICE_LOG_BODY_RETENTION_DAYS). */
export interface LogRetention {
  days: number;
  bodyDays: number;
}

export interface RequestLogWriterOptions {
  database: SqlDatabase;
  /** Built from the config's `pricing` overrides; the built-in table alone when absent. */
  priceBook?: PriceBook;
  /** Count tokens from the bodies when a provider reported no usage (default true). */
  estimateMissingUsage?: boolean;
  /** Store request and response bodies (default true); false keeps metadata only (config `logging.bodies`). */
  storeBodies?: boolean;
  /** Rows older than this are refused, bodies older than this not stored; absent: everything is kept. */
  retention?: LogRetention;
  clock?: () => Date;
  /** Shared with the retention task, so a dropped day is created again when a late row needs it. */
  partitions?: RequestLogPartitions;
}

export interface RejectedEvent {
  id: string;
  reason: string;
}

export interface WriteBatchResult {
  /** Rows written now. */
  inserted: number;
  /** Events whose id was already logged (a redelivery) or repeated in the batch. */
  duplicates: number;
  /** Events that cannot be stored however often they are retried; the caller should log and drop them. */
  rejected: RejectedEvent[];
}

/** A completion event as the stream delivers it: its bodies in the event, or still as their JSON text. */
export interface EventToStore {
  event: CompletionEvent;
  bodiesText?: EventBodiesText;
}

export interface StoreBatchResult extends WriteBatchResult {
  /** Exactly the requests this call inserted, so per-request side effects (metrics) happen once per request. */
  stored: StoredRequest[];
}

/**
 * Rows per transaction, bounding one statement's size for very large batches. A transaction writes one rollup
 * increment per (bucket, group) its rows touch, so larger transactions write fewer a row: on PostgreSQL an import of
 * 10,000 a transaction took 4–6 % less CPU a record than of 5,000 (BENCHMARKS.md, 2026-12-07 16:07–17:15 UTC notes).
 * PGlite keeps 5,000: it never gives back the memory a larger rollup statement grows it to.
 */
const ROWS_PER_TRANSACTION: Record<SqlDatabase['kind'], number> = { postgres: 10_000, pglite: 5_000 };
const DAY_MS = 86_400_000;
/** PostgreSQL's "no partition of relation found for row". */
const NO_PARTITION = '23514';
/** PostgreSQL's unique violation: a row a concurrent session logged first, met by a COPY straight into the log. */
const UNIQUE_VIOLATION = '23505';

/** How storeRequests writes. */
export interface StoreRequestsOptions {
  /**
   * Commit each transaction without waiting for its WAL flush (synchronous_commit off): a crash may lose the last
   * few, so the caller re-imports unless it calls `flush` once done.
   */
  deferDurability?: boolean;
  /**
   * The requests are expected to be new (an import): a chunk none of whose rows is logged yet is copied straight
   * into the log (insertRowObjects), any other as usual.
   */
  expectNew?: boolean;
}

/**
 * Writes requests to the day-partitioned request log (docs/request-log.md): rows, bodies and rollup increments in
 * one transaction per `rowsPerTransaction` rows, idempotently by request id — only rows inserted now count in the
 * rollups.
 */
export class RequestLogWriter {
  /** The most rows one transaction writes (ROWS_PER_TRANSACTION): an import's best batch size. */
  readonly rowsPerTransaction: number;
  private readonly database: SqlDatabase;
  private readonly priceBook: PriceBook;
  private readonly estimateMissingUsage: boolean;
  private readonly storeBodies: boolean;
  private readonly retention: LogRetention | undefined;
  private readonly clock: () => Date;
  private readonly partitions: RequestLogPartitions;
  private readonly knownTurns = new KnownTurns();
  private readonly turnDigests = new TurnDigests();
  /** The first day whose bodies are stored, and the UTC day of the clock it was worked out for (firstBodyDay). */
  private bodyDay: { day: string; from: number } | undefined;

  constructor(options: RequestLogWriterOptions) {
    this.database = options.database;
    this.rowsPerTransaction = ROWS_PER_TRANSACTION[options.database.kind];
    this.priceBook = options.priceBook ?? new PriceBook();
    this.estimateMissingUsage = options.estimateMissingUsage ?? true;
    this.storeBodies = options.storeBodies ?? true;
    this.retention = options.retention;
    this.clock = options.clock ?? (() => new Date());
    this.partitions = options.partitions ?? new RequestLogPartitions(options.database);
  }

  /** Stores a batch of completion events, pricing each; redelivering a batch writes nothing twice. */
  async writeBatch(events: readonly CompletionEvent[]): Promise<WriteBatchResult> {
    const { stored: _stored, ...result } = await this.storeBatch(events);
    return result;
  }

  /** As writeBatch, and also returns the requests inserted now with their computed cost and usage. */
  async storeBatch(events: readonly CompletionEvent[]): Promise<StoreBatchResult> {
    return this.storeEvents(events.map((event) => ({ event })));
  }

  /** As storeBatch, for events whose bodies may still be the JSON text they travelled as. */
  async storeEvents(events: readonly EventToStore[]): Promise<StoreBatchResult> {
    const requests: StoredRequest[] = [];
    for (const { event, bodiesText } of events) {
      const computed = await this.computeFields(event, bodiesText);
      requests.push(bodiesText === undefined ? { event, computed } : { event, computed, bodiesText });
    }
    return this.storeRequests(requests);
  }

  /**
   * Stores requests whose cost and usage are already known (an import), each as it came or prepared
   * (prepareRequest); the same idempotency applies. Prepared requests are counted, not returned among those stored.
   */
  async storeRequests(
    requests: readonly RequestToStore[],
    options: StoreRequestsOptions = {},
  ): Promise<StoreBatchResult> {
    const rejected: RejectedEvent[] = [];
    const unique = new Map<string, RequestToStore>();
    const firstDay = this.retention ? firstKeptDay(this.clock(), this.retention.days) : undefined;
    const days = new Set<string>();
    /** Takes a request whose created_at is canonical, unless it is too old or its id was taken already. */
    const admit = (id: string, request: RequestToStore, createdAt: string) => {
      const day = canonicalDay(createdAt);
      if (firstDay !== undefined && day < firstDay) {
        rejected.push({ id, reason: `created_at is older than the log retention (kept from ${firstDay})` });
      } else if (!unique.has(id)) {
        days.add(day);
        unique.set(id, request);
      }
    };
    for (const request of requests) {
      if (isPrepared(request)) {
        admit(request.copy.id, request, request.copy.createdAt);
        continue;
      }
      const { id, created_at } = request.event;
      const canonical = canonicalTime(created_at);
      if (canonical === undefined)
        rejected.push({ id, reason: `created_at is not a timestamp: ${JSON.stringify(created_at)}` });
      else admit(id, withCreatedAt(request, canonical), canonical);
    }
    const all = [...unique.entries()].sort(byId).map(requestOfEntry);
    await this.partitions.ensure([...days]);
    let inserted = 0;
    const stored: StoredRequest[] = [];
    for (let start = 0; start < all.length; start += this.rowsPerTransaction) {
      const written = await this.insertChunk(all.slice(start, start + this.rowsPerTransaction), options);
      inserted += written.length;
      for (const request of written) if (!isPrepared(request)) stored.push(request);
    }
    return { inserted, duplicates: requests.length - rejected.length - inserted, rejected, stored };
  }

  /**
   * A request ready for storeRequests as soon as it is read, where its row goes to PostgreSQL by COPY whole (no
   * earlier turns to store apart): prepared (PreparedRequest), so the caller holds no parsed event until it is
   * written. Any other is given back as it came.
   */
  prepareRequest(request: StoredRequest): RequestToStore {
    const canonical = canonicalTime(request.event.created_at);
    if (this.database.kind !== 'postgres' || canonical === undefined) return request;
    const withCanonicalTime = withCreatedAt(request, canonical);
    const [row] = this.rowObjects([withCanonicalTime]);
    if (row === undefined || mayTakeTurnsApart(row)) return request;
    return { copy: copyRow(row), rollup: rollupInput(withCanonicalTime.event, request.computed) };
  }

  /** Makes every transaction committed before it durable: one commit that waits for the WAL flush up to itself. */
  async flush(): Promise<void> {
    await this.database.transaction(async (transaction) => {
      await transaction.query('SELECT txid_current()');
    });
  }

  /**
   * Writes a chunk in one transaction. What needs no database — its rows with their earlier turns taken out (stored
   * once a day in request_log_turns, docs/request-log.md), their COPY text, its rollup increments (assuming every
   * request is new, as nearly all are) — is made before the transaction opens, so the transaction (holding its rollup
   * rows' locks, which a concurrent writer may wait for) does not wait on it. The turns it stored are remembered once
   * it commits durably.
   */
  private async insertChunk(
    chunk: readonly RequestToStore[],
    options: StoreRequestsOptions,
  ): Promise<RequestToStore[]> {
    if (chunk.length === 0) return [];
    const unprepared = chunk.filter(isUnprepared);
    const { rows, turns } = turnsApart(this.rowObjects(unprepared), this.knownTurns, this.turnDigests);
    const toInsert: RowsToInsert =
      unprepared.length === chunk.length ? rowsToInsert(rows, this.database.kind) : withPrepared(chunk, copyRows(rows));
    const deltasOf = (requests: readonly RequestToStore[]) => rollupDeltas(requests.map(rollupOf));
    const deltasIfAllNew = deltasOf(chunk);
    try {
      const written = await this.database.transaction(async (transaction) => {
        if (options.deferDurability) await transaction.query('SET LOCAL synchronous_commit = off');
        const result = await insertRowObjects(transaction, toInsert, { expectNew: options.expectNew });
        // After the rows and bodies: request_log_create_partitions locks the three tables in that order, and a
        // transaction taking the turns first deadlocks with one creating a day (BENCHMARKS.md, 2026-12-07
        // 07:27–08:50 UTC notes).
        if (turns.length > 0) await transaction.query(INSERT_TURNS_SQL, [turnsParameter(turns, this.database.kind)]);
        const insertedIds = new Set<unknown>();
        for (const row of result.rows) insertedIds.add(row.id);
        const inserted: RequestToStore[] = [];
        for (const request of chunk)
          if (insertedIds.has(isPrepared(request) ? request.copy.id : cleanText(request.event.id)))
            inserted.push(request);
        await upsertRollups(transaction, inserted.length === chunk.length ? deltasIfAllNew : deltasOf(inserted));
        return inserted;
      });
      // Not after a commit that may not be durable: a crash could lose turns that later rows would name.
      if (!options.deferDurability) this.knownTurns.add(turns);
      return written;
    } catch (error) {
      // A day dropped by retention elsewhere: forget what exists (its turns too), so the redelivery creates it again.
      const code = (error as { code?: unknown }).code;
      if (code === NO_PARTITION) {
        this.partitions.forget();
        this.knownTurns.clear();
      }
      // Another session logged one of the rows first: the usual path skips what is logged.
      if (code === UNIQUE_VIOLATION && options.expectNew)
        return this.insertChunk(chunk, { ...options, expectNew: false });
      throw error;
    }
  }

  /** Each request's row and, when they are to be stored, its bodies. */
  private rowObjects(chunk: readonly StoredRequest[]): Record<string | symbol, unknown>[] {
    const firstBodyDay = this.firstBodyDay();
    const rows: Record<string | symbol, unknown>[] = [];
    for (const { event, computed, bodiesText } of chunk)
      rows.push(
        rowObject(
          event,
          computed,
          // created_at is canonical here (storeRequests).
          this.storeBodies && (firstBodyDay === undefined || canonicalDay(event.created_at) >= firstBodyDay),
          bodiesText,
        ),
      );
    return rows;
  }

  /**
   * The first day whose bodies are stored (the body retention's, whole days): worked out once per UTC day of the
   * clock, since an import prepares its rows one at a time (~0.6 µs a call otherwise).
   */
  private firstBodyDay(): string | undefined {
    if (!this.storeBodies || this.retention === undefined) return undefined;
    const now = this.clock().getTime();
    const from = now - (now % DAY_MS);
    if (this.bodyDay?.from !== from) this.bodyDay = { day: firstKeptDay(new Date(now), this.retention.bodyDays), from };
    return this.bodyDay.day;
  }

  /** A request ready for storeRequests: the cost and usage given, or computed as for a live request. */
  async requestFrom(event: CompletionEvent, computed?: ComputedFields): Promise<StoredRequest> {
    return { event, computed: computed ?? (await this.computeFields(event)) };
  }

  private async computeFields(event: CompletionEvent, bodiesText?: EventBodiesText): Promise<ComputedFields> {
    const estimated = this.needsEstimate(event, bodiesText)
      ? await estimateUsage(withParsedBodies(event, bodiesText))
      : undefined;
    const usage = estimated ?? { prompt_tokens: event.prompt_tokens, completion_tokens: event.completion_tokens };
    return { ...usage, usage_estimated: estimated !== undefined, ...priceEvent(event, usage, this.priceBook) };
  }

  private needsEstimate(event: CompletionEvent, bodiesText: EventBodiesText | undefined): boolean {
    return (
      this.estimateMissingUsage &&
      event.endpoint !== 'count_tokens' &&
      (event.status === 'success' || event.status === 'cached') &&
      event.prompt_tokens === 0 &&
      event.completion_tokens === 0 &&
      (event.request_body !== undefined || bodiesText !== undefined)
    );
  }
}
