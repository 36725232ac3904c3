import type { SqlDatabase } from '@sluice/database';
import { InvalidRequestError } from '@sluice/errors';
import { decodeLogCursor, encodeLogCursor, type LogCursor } from './log-cursor';
import { bodySearchCondition, logFilterConditions, whereClause } from './log-filters-sql';
import {
  type LogFilters,
  type LogListQueryInput,
  LogListQuerySchema,
  type LogSummaryQuery,
  type LogSummaryQueryInput,
  LogSummaryQuerySchema,
  type SummaryGroupBy,
} from './log-query-schemas';
import { ALL_ROWS, type LogScope, scopeConditions } from './log-scope';
import type { LogSummary, SummaryRow } from './log-summary';
import { requestBodySql } from './migrations/store-turns-once-sql';
import { parseQuery } from './parse-log-query';
import { type RequestLogRow, recordFromRow } from './record-from-row';
import { RECORD_COLUMNS_SQL } from './request-log-columns-sql';
import type { RequestLogRecord } from './request-log-record';
import { histogramPercentile } from './rollups/latency-histogram';
import { type CountedRow, otherRows } from './rollups/other-rows';
import { type RollupSummaryQuery, rollupSummarySql } from './rollups/rollup-summary-sql';
import { rollupTopGroupsSql } from './rollups/rollup-top-groups-sql';
import { SqlParameters } from './sql-parameters';
import { summarySql } from './summary-sql';

export interface RequestLogReaderOptions {
  database: SqlDatabase;
  /** The time summaries end at by default. */
  clock?: () => Date;
}

export interface LogPage {
  /** Newest first, without bodies (get a record by id for them). */
  data: RequestLogRecord[];
  has_more: boolean;
  /** Pass as `cursor` for the next page; null on the last page. */
  next_cursor: string | null;
}

const DEFAULT_SUMMARY_SPAN_MS = 7 * 24 * 3_600_000;
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 24 * 3_600_000 } as const;
const MAX_BUCKETS = 10_000;

/** Reads the request log: filtered pages, single records, and the analytics summary. */
export class RequestLogReader {
  private readonly database: SqlDatabase;
  private readonly clock: () => Date;

  constructor(options: RequestLogReaderOptions) {
    this.database = options.database;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * One page of records matching the filters and within the scope, newest first, paginated by an opaque
   * (created_at, id) cursor.
   */
  async list(input: LogListQueryInput = {}, scope: LogScope = ALL_ROWS): Promise<LogPage> {
    const query = parseQuery(LogListQuerySchema, input, 'log query');
    const cursor = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
    const rows = await this.page(query, scope, cursor, query.limit + 1);
    const data = rows.slice(0, query.limit).map(recordFromRow);
    const last = data[data.length - 1];
    const hasMore = rows.length > query.limit && last !== undefined;
    return {
      data,
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeLogCursor({ createdAt: last.created_at, id: last.id }) : null,
    };
  }

  /**
   * Every record matching the filters, newest first, in pages read by (created_at, id) cursor — never OFFSET —
   * with their bodies when asked (the export, docs/request-log.md).
   */
  async *pages(
    filters: LogFilters,
    options: { bodies: boolean; pageSize?: number; scope?: LogScope },
  ): AsyncGenerator<RequestLogRecord[]> {
    const pageSize = options.pageSize ?? 1_000;
    let cursor: LogCursor | undefined;
    for (;;) {
      const rows = await this.page(filters, options.scope ?? ALL_ROWS, cursor, pageSize);
      const records = rows.map(recordFromRow);
      if (options.bodies) await this.addBodies(records);
      if (records.length > 0) yield records;
      const last = records[records.length - 1];
      if (records.length < pageSize || last === undefined) return;
      cursor = { createdAt: last.created_at, id: last.id };
    }
  }

  private async page(
    filters: LogFilters & { search?: string | undefined },
    scope: LogScope,
    cursor: LogCursor | undefined,
    limit: number,
  ): Promise<RequestLogRow[]> {
    const params = new SqlParameters();
    const conditions = [...scopeConditions(scope, params), ...logFilterConditions(filters, params)];
    if (filters.search !== undefined) conditions.push(bodySearchCondition(filters.search, filters, params));
    if (cursor !== undefined) {
      conditions.push(`(created_at, id) < (${params.add(cursor.createdAt)}::timestamptz, ${params.add(cursor.id)})`);
    }
    const sql =
      `SELECT ${RECORD_COLUMNS_SQL} FROM request_logs ${whereClause(conditions)} ` +
      `ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit)}`;
    return (await this.database.query<RequestLogRow>(sql, params.values)).rows;
  }

  /** Reads a page's bodies in one query, bounded to the page's time span so only its day partitions are read. */
  private async addBodies(records: RequestLogRecord[]): Promise<void> {
    const first = records[records.length - 1];
    const last = records[0];
    if (first === undefined || last === undefined) return;
    const { rows } = await this.database.query<{ id: string; created_at: Date | string } & BodyColumns>(
      `SELECT id, created_at, ${requestBodySql('request_body')} AS request_body, response_body,
         ${requestBodySql('translated_request_body')} AS translated_request_body
       FROM request_log_bodies
       WHERE created_at >= $1::timestamptz AND created_at <= $2::timestamptz AND id = ANY($3::text[])`,
      [first.created_at, last.created_at, records.map((record) => record.id)],
    );
    const bodies = new Map(rows.map((row) => [`${row.id}|${new Date(row.created_at).toISOString()}`, row]));
    for (const record of records) {
      const body = bodies.get(`${record.id}|${record.created_at}`);
      record.request_body = body?.request_body ?? null;
      record.response_body = body?.response_body ?? null;
      if (body?.translated_request_body != null) record.translated_request_body = body.translated_request_body;
    }
  }

  /** One record with its bodies, or undefined when no request within the scope has that id. */
  async get(id: string, scope: LogScope = ALL_ROWS): Promise<RequestLogRecord | undefined> {
    const params = new SqlParameters();
    const conditions = [`id = ${params.add(id)}`, ...scopeConditions(scope, params)];
    const { rows } = await this.database.query<RequestLogRow>(
      `SELECT logged.*, ${requestBodySql('request_body', 'body')} AS request_body, body.response_body,
         ${requestBodySql('translated_request_body', 'body')} AS translated_request_body
       FROM (SELECT ${RECORD_COLUMNS_SQL} FROM request_logs ${whereClause(conditions)} ORDER BY created_at LIMIT 1) AS logged
       LEFT JOIN request_log_bodies AS body ON body.id = logged.id AND body.created_at = logged.created_at`,
      params.values,
    );
    const [row] = rows;
    return row === undefined ? undefined : recordFromRow(row);
  }

  /**
   * Per time bucket (UTC minute, hour or day) and group: requests, errors, tokens, cost, savings, latency percentiles
   * and cache hit rate, over the rows within the scope. The window defaults to the 7 days before now. In hour or day
   * buckets, without row filters (model, provider, status, cache, user, session, property), not grouped by session
   * and over every key's rows it reads the rollups, with percentiles from their latency histograms; otherwise the
   * rows (docs/request-log.md).
   */
  async summary(input: LogSummaryQueryInput = {}, scope: LogScope = ALL_ROWS): Promise<LogSummary> {
    return this.summarise(input, scope, 'fastest');
  }

  /** The summary computed from the log rows whatever the filters, with exact percentiles (slower; for checks). */
  async exactSummary(input: LogSummaryQueryInput = {}, scope: LogScope = ALL_ROWS): Promise<LogSummary> {
    return this.summarise(input, scope, 'rows');
  }

  private async summarise(
    input: LogSummaryQueryInput,
    scope: LogScope,
    source: 'fastest' | 'rows',
  ): Promise<LogSummary> {
    const query = parseQuery(LogSummaryQuerySchema, input, 'analytics query');
    const to = query.to ?? this.clock();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_SUMMARY_SPAN_MS);
    if (from >= to)
      throw InvalidRequestError.fromProblems('analytics query', [{ path: 'from', message: 'must be earlier than to' }]);
    if ((to.getTime() - from.getTime()) / BUCKET_MS[query.interval] > MAX_BUCKETS) {
      throw InvalidRequestError.fromProblems('analytics query', [
        {
          path: 'from',
          message: `spans more than ${MAX_BUCKETS} ${query.interval} buckets; narrow from/to or use a longer interval`,
        },
      ]);
    }
    const rows =
      source === 'fastest' && scope.virtualKeyId === undefined && query.interval !== 'minute' && rollupsCanAnswer(query)
        ? await this.rollupSummary({ from, to, interval: query.interval, groupBy: query.groupBy }, query.limit)
        : (await this.database.query<AnswerRow>(...spread(summarySql({ ...query, from, to }, scope)))).rows;
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      interval: query.interval,
      group_by: query.groupBy ?? null,
      limit: query.groupBy === undefined ? null : query.limit,
      data: rows.map(summaryRow),
    };
  }

  /**
   * The single and merged answer rows, read at once and interleaved (each is ordered by bucket and group), and with
   * a group limit each bucket's other row after them.
   */
  private async rollupSummary(query: RollupSummaryQuery, limit: number): Promise<AnswerRow[]> {
    const kept = query.groupBy === undefined ? undefined : await this.groupsKept(query.groupBy, query, limit);
    const { single, merged, totals } = rollupSummarySql({ ...query, kept });
    const [singleRows, mergedRows, totalRows] = await Promise.all([
      single ? this.database.query<AnswerRow>(single.sql, single.params) : { rows: [] },
      merged
        ? this.database.transaction(async (transaction) => {
            // Its 122 histogram sums make the planner compile it (JIT), which costs more than running it.
            await transaction.query('SET LOCAL jit = off');
            return transaction.query<MergedSummaryRow>(merged.sql, merged.params);
          })
        : { rows: [] },
      totals ? this.database.query<CountedRow>(totals.sql, totals.params) : { rows: [] },
    ]);
    const answered = interleaveByBucket(singleRows.rows, mergedRows.rows.map(withPercentiles));
    return totals ? interleaveByBucket(answered, otherRows(totalRows.rows, answered)) : answered;
  }

  /** The `limit` groups with the most requests in the window; undefined when there are no more than that. */
  private async groupsKept(
    groupBy: SummaryGroupBy,
    window: { from: Date; to: Date },
    limit: number,
  ): Promise<string[] | undefined> {
    const { sql, params } = rollupTopGroupsSql({ ...window, groupBy }, limit + 1);
    const { rows } = await this.database.query<{ group: string }>(sql, params);
    return rows.length > limit ? rows.slice(0, limit).map((row) => row.group) : undefined;
  }
}

/** An answer row as a statement returns it: without the hit rate, flagged when it adds the other groups up. */
type AnswerRow = Omit<SummaryRow, 'cache_hit_rate' | 'other'> & { other?: boolean };

function summaryRow(row: AnswerRow): SummaryRow {
  const cacheHitRate = row.cache_lookups > 0 ? row.cache_hits / row.cache_lookups : null;
  if (row.other === undefined) {
    // Most rows of a large answer: completed in place, as a copy of each costs more than the statement.
    const answered = row as SummaryRow;
    answered.cache_hit_rate = cacheHitRate;
    return answered;
  }
  const { other, ...counted } = row;
  return other
    ? { ...counted, other: true, cache_hit_rate: cacheHitRate }
    : { ...counted, cache_hit_rate: cacheHitRate };
}

interface BodyColumns {
  request_body: unknown;
  response_body: unknown;
  translated_request_body: unknown;
}

type MergedSummaryRow = Omit<AnswerRow, 'latency_p50_ms' | 'latency_p95_ms' | 'latency_p99_ms'> & {
  /** The merged latency histogram as array text, `{0,3,…}`. */
  latency_histogram: string;
};

function withPercentiles({ latency_histogram: text, ...row }: MergedSummaryRow): AnswerRow {
  const histogram = text.slice(1, -1).split(',').map(Number);
  return {
    ...row,
    latency_p50_ms: histogramPercentile(histogram, 0.5),
    latency_p95_ms: histogramPercentile(histogram, 0.95),
    latency_p99_ms: histogramPercentile(histogram, 0.99),
  };
}

/**
 * Two answers ordered by bucket into one: where both have a bucket, the first's rows come first (the later ones
 * there are a property's null group, which sorts last, or the other row, which follows every group).
 */
function interleaveByBucket<Row extends { bucket: string }>(first: readonly Row[], later: readonly Row[]): Row[] {
  if (later.length === 0) return [...first];
  if (first.length === 0) return [...later];
  const rows: Row[] = [];
  let next = 0;
  for (const row of later) {
    while (next < first.length && (first[next] as Row).bucket <= row.bucket) rows.push(first[next++] as Row);
    rows.push(row);
  }
  while (next < first.length) rows.push(first[next++] as Row);
  return rows;
}

/**
 * Filters on row fields need the rows, as does grouping by session (not a rollup dimension); a window, interval and
 * grouping alone the rollups answer.
 */
function rollupsCanAnswer(query: LogSummaryQuery): boolean {
  return (
    query.groupBy !== 'session' &&
    query.session === undefined &&
    query.model === undefined &&
    query.provider === undefined &&
    query.status === undefined &&
    query.cache === undefined &&
    query.user === undefined &&
    Object.keys(query.properties).length === 0
  );
}

function spread(statement: { sql: string; params: unknown[] }): [string, unknown[]] {
  return [statement.sql, statement.params];
}
