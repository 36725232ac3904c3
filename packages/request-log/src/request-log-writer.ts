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

/** Rows per INSERT, bounding one statement's size for very large batches. */
const ROWS_PER_STATEMENT = 5_000;

/** Writes completion events to `request_logs` in multi-row inserts (one per batch), idempotently by request id. */
export class RequestLogWriter {
  private readonly database: SqlDatabase;
  private readonly priceBook: PriceBook;
  private readonly estimateMissingUsage: boolean;

  constructor(options: RequestLogWriterOptions) {
    this.database = options.database;
    this.priceBook = options.priceBook ?? new PriceBook();
    this.estimateMissingUsage = options.estimateMissingUsage ?? true;
  }

  /**
   * Stores a batch in one `INSERT … ON CONFLICT (id) DO NOTHING`, so redelivering a batch writes nothing twice.
   * Cost and savings are computed here from the price book.
   */
  async writeBatch(events: readonly CompletionEvent[]): Promise<WriteBatchResult> {
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
    const rows: unknown[][] = [];
    for (const event of unique.values()) rows.push(rowValues(event, await this.computeFields(event)));
    let inserted = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      inserted += await this.insertRows(rows.slice(start, start + ROWS_PER_STATEMENT));
    }
    return { inserted, duplicates: events.length - rejected.length - inserted, rejected };
  }

  private async computeFields(event: CompletionEvent): Promise<ComputedFields> {
    const estimated = this.needsEstimate(event) ? await estimateUsage(event) : undefined;
    const usage = estimated ?? { prompt_tokens: event.prompt_tokens, completion_tokens: event.completion_tokens };
    return { ...usage, usage_estimated: estimated !== undefined, ...priceEvent(event, usage, this.priceBook) };
  }

  private needsEstimate(event: CompletionEvent): boolean {
    return (
      this.estimateMissingUsage &&
      (event.status === 'success' || event.status === 'cached') &&
      event.prompt_tokens === 0 &&
      event.completion_tokens === 0 &&
      event.request_body !== undefined
    );
  }

  private async insertRows(rows: readonly unknown[][]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.database.query<{ id: string }>(INSERT_ROWS_SQL, columnArrays(rows));
    return result.rows.length;
  }
}
