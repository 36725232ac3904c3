import type { SqlDatabase } from '@sluice/database';
import type { CompletionEvent } from '@sluice/queues';
import { estimateUsage } from './estimate-usage';
import { priceEvent } from './price-event';
import { PriceBook } from './pricing/price-book';
import { type ComputedFields, columnArrays, INSERT_ROWS_SQL, rowValues } from './request-log-row';

export interface RequestLogWriterOptions {
  database: SqlDatabase;
  /** Built from the config's `pricing` overrides; the built-in table alone when absent. */
  priceBook?: PriceBook;
  /** Count tokens from the bodies when a provider reported no usage (default true). */
  estimateMissingUsage?: boolean;
  /** Store request and response bodies (default true); false keeps metadata only (config `logging.bodies`). */
  storeBodies?: boolean;
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

/** A request written now (not a redelivery), with what the writer computed for it. */
export interface StoredRequest {
  event: CompletionEvent;
  computed: ComputedFields;
}

export interface StoreBatchResult extends WriteBatchResult {
  /** Exactly the requests this call inserted, so per-request side effects (metrics) happen once per request. */
  stored: StoredRequest[];
}

/** Rows per INSERT, bounding one statement's size for very large batches. */
const ROWS_PER_STATEMENT = 5_000;

/** Writes completion events to `request_logs` in multi-row inserts (one per batch), idempotently by request id. */
export class RequestLogWriter {
  private readonly database: SqlDatabase;
  private readonly priceBook: PriceBook;
  private readonly estimateMissingUsage: boolean;
  private readonly storeBodies: boolean;

  constructor(options: RequestLogWriterOptions) {
    this.database = options.database;
    this.priceBook = options.priceBook ?? new PriceBook();
    this.estimateMissingUsage = options.estimateMissingUsage ?? true;
    this.storeBodies = options.storeBodies ?? true;
  }

  /**
   * Stores a batch in one `INSERT … ON CONFLICT (id) DO NOTHING`, so redelivering a batch writes nothing twice.
   * Cost and savings are computed here from the price book.
   */
  async writeBatch(events: readonly CompletionEvent[]): Promise<WriteBatchResult> {
    const { stored: _stored, ...result } = await this.storeBatch(events);
    return result;
  }

  /** As writeBatch, and also returns the requests inserted now with their computed cost and usage. */
  async storeBatch(events: readonly CompletionEvent[]): Promise<StoreBatchResult> {
    const rejected: RejectedEvent[] = [];
    const unique = new Map<string, CompletionEvent>();
    for (const event of events) {
      const createdAt = Date.parse(event.created_at);
      if (Number.isNaN(createdAt)) {
        rejected.push({ id: event.id, reason: `created_at is not a timestamp: ${JSON.stringify(event.created_at)}` });
      } else if (!unique.has(event.id)) {
        unique.set(event.id, { ...event, created_at: new Date(createdAt).toISOString() });
      }
    }
    const computed = new Map<string, StoredRequest>();
    const rows: unknown[][] = [];
    for (const event of unique.values()) {
      const fields = await this.computeFields(event);
      computed.set(event.id, { event, computed: fields });
      rows.push(rowValues(this.storeBodies ? event : withoutBodies(event), fields));
    }
    const stored: StoredRequest[] = [];
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      for (const id of await this.insertRows(rows.slice(start, start + ROWS_PER_STATEMENT))) {
        const request = computed.get(id);
        if (request) stored.push(request);
      }
    }
    return { inserted: stored.length, duplicates: events.length - rejected.length - stored.length, rejected, stored };
  }

  private async computeFields(event: CompletionEvent): Promise<ComputedFields> {
    const estimated = this.needsEstimate(event) ? await estimateUsage(event) : undefined;
    const usage = estimated ?? { prompt_tokens: event.prompt_tokens, completion_tokens: event.completion_tokens };
    return { ...usage, usage_estimated: estimated !== undefined, ...priceEvent(event, usage, this.priceBook) };
  }

  private needsEstimate(event: CompletionEvent): boolean {
    return (
      this.estimateMissingUsage &&
      event.endpoint !== 'count_tokens' &&
      (event.status === 'success' || event.status === 'cached') &&
      event.prompt_tokens === 0 &&
      event.completion_tokens === 0 &&
      event.request_body !== undefined
    );
  }

  private async insertRows(rows: readonly unknown[][]): Promise<string[]> {
    if (rows.length === 0) return [];
    const result = await this.database.query<{ id: string }>(INSERT_ROWS_SQL, columnArrays(rows));
    return result.rows.map((row) => row.id);
  }
}

function withoutBodies(event: CompletionEvent): CompletionEvent {
  const { request_body: _request, response_body: _response, ...rest } = event;
  return rest;
}
