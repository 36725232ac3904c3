import type { SummaryGroupBy } from '../log-query-schemas';
import { SqlParameters } from '../sql-parameters';
import { LATENCY_BOUNDARIES_SQL, LATENCY_SLOTS } from './latency-histogram';

/** What the rollups can answer: a window, a bucket size, a grouping, and (for a tenant) one virtual key. */
export interface RollupSummaryQuery {
  from: Date;
  to: Date;
  interval: 'hour' | 'day';
  groupBy?: SummaryGroupBy;
  /** Only this virtual key's requests: the rollups keep keys on ungrouped rows only, so only without groupBy. */
  virtualKeyId?: string;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The two statements of a summary from the rollups. `single`: answer rows that are one stored rollup row each,
 * with the percentiles stored on it. `merged`: answer rows added up from several sources (the partial days and
 * hours at the window's ends, every key's ungrouped rows, a property's null group), with their merged latency
 * histogram as text. Each is ordered by bucket and group (nulls last); a bucket's rows from `merged` follow its
 * rows from `single` (there they can only be a property's null group).
 */
export interface RollupSummaryStatements {
  single: Statement | undefined;
  merged: Statement | undefined;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const floorTo = (time: number, size: number) => Math.floor(time / size) * size;
const ceilTo = (time: number, size: number) => Math.ceil(time / size) * size;

interface Range {
  from: number;
  to: number;
}

/** Rollup rows of one span over some ranges. */
interface SpanRanges {
  span: 'hour' | 'day';
  ranges: Range[];
}

/** Where a window's figures come from: whole buckets of the answer's own span, edge hours, and raw rows. */
interface WindowSources {
  /** Rollup rows of the interval's own span: each is one answer row (for a grouping). */
  whole: SpanRanges | undefined;
  /** Hourly rollup rows of partial days (interval=day only): added up into their day. */
  edges: SpanRanges | undefined;
  /** Log rows in the partial hours at either end. */
  raw: Range[];
}

const SUMMED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .join(', ');

/**
 * The merged histogram: a rollup source gives its histogram `h`, a log row its `slot` (h null). The sources are a
 * UNION ALL that PostgreSQL flattens, substituting each source's expressions here, so a log row's histogram is
 * never built as an array (it would be built once per slot).
 */
const HISTOGRAM_SUM = `(ARRAY[${Array.from({ length: LATENCY_SLOTS }, (_, index) => `sum(sign * coalesce(h[${index + 1}], (slot = ${index})::int))`).join(', ')}]::integer[])::text`;

const BUCKET_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/**
 * The analytics summary from the rollups (docs/request-log.md): whole days from the daily rollups (day buckets
 * only), whole hours from the hourly ones, and the partial hours at either end of the window from the log rows
 * themselves — so figures equal the exact ones over any window. Rows without a property count in its null group:
 * the ungrouped total less the property's values.
 */
export function rollupSummarySql(query: RollupSummaryQuery): RollupSummaryStatements {
  if (query.virtualKeyId !== undefined && query.groupBy !== undefined)
    throw new Error('the rollups keep virtual keys on ungrouped rows only; read the rows for a grouped summary');
  const sources = windowSources(query);
  const dimension = query.groupBy ?? '';
  // Ungrouped rows are kept per key: over every key each bucket adds several up.
  const wholeAreSingle = dimension !== '' || query.virtualKeyId !== undefined;
  return {
    single: wholeAreSingle && sources.whole ? singleSql(query, sources.whole) : undefined,
    merged: mergedSql(query, sources, wholeAreSingle),
  };
}

function windowSources(query: RollupSummaryQuery): WindowSources {
  const from = query.from.getTime();
  const to = query.to.getTime();
  const firstHour = ceilTo(from, HOUR_MS);
  const lastHour = floorTo(to, HOUR_MS);
  if (firstHour >= lastHour) return { whole: undefined, edges: undefined, raw: [{ from, to }] };
  const raw = nonEmpty([
    { from, to: firstHour },
    { from: lastHour, to },
  ]);
  const firstDay = ceilTo(firstHour, DAY_MS);
  const lastDay = floorTo(lastHour, DAY_MS);
  const hours = { span: 'hour' as const, ranges: [{ from: firstHour, to: lastHour }] };
  if (query.interval === 'hour') return { whole: hours, edges: undefined, raw };
  // Day buckets without a whole day: every bucket adds hours up.
  if (firstDay >= lastDay) return { whole: undefined, edges: hours, raw };
  const edges = nonEmpty([
    { from: firstHour, to: firstDay },
    { from: lastDay, to: lastHour },
  ]);
  return {
    whole: { span: 'day', ranges: [{ from: firstDay, to: lastDay }] },
    edges: edges.length > 0 ? { span: 'hour', ranges: edges } : undefined,
    raw,
  };
}

function nonEmpty(ranges: Range[]): Range[] {
  return ranges.filter((range) => range.from < range.to);
}

function rangesSql(column: string, ranges: readonly Range[], params: SqlParameters): string {
  return ranges
    .map(
      (range) =>
        `(${column} >= ${params.add(new Date(range.from).toISOString())}::timestamptz AND ${column} < ${params.add(new Date(range.to).toISOString())}::timestamptz)`,
    )
    .join(' OR ');
}

function rollupWhere(query: RollupSummaryQuery, params: SqlParameters, source: SpanRanges, dimension: string): string {
  const key = query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`;
  return `span = ${params.add(source.span)} AND dimension = ${params.add(dimension)} AND (${rangesSql('bucket', source.ranges, params)})${key}`;
}

/** Whole buckets of a grouping (or of one key): one stored rollup row per answer row, its percentiles stored. */
function singleSql(query: RollupSummaryQuery, whole: SpanRanges): Statement {
  const params = new SqlParameters();
  const sql = `
    SELECT to_char(bucket AT TIME ZONE 'UTC', ${BUCKET_TEXT}) AS bucket, value AS "group",
           requests::int AS requests, errors::int AS errors, prompt_tokens::float8 AS prompt_tokens,
           completion_tokens::float8 AS completion_tokens, cached_tokens::float8 AS cached_tokens, cost_usd, saved_usd,
           latency_p50_ms, latency_p95_ms, latency_p99_ms, cache_hits::int AS cache_hits,
           cache_lookups::int AS cache_lookups
    FROM request_log_rollups
    WHERE ${rollupWhere(query, params, whole, query.groupBy ?? '')} AND requests > 0
    ORDER BY bucket, value NULLS LAST`;
  return { sql, params: params.values };
}

/** Answer rows added up from several sources, each with its merged latency histogram; undefined when none. */
function mergedSql(query: RollupSummaryQuery, sources: WindowSources, wholeAreSingle: boolean): Statement | undefined {
  const params = new SqlParameters();
  const dimension = query.groupBy ?? '';
  const parts: string[] = [];
  const select = (source: SpanRanges, group: string, sign: number, from: string, extra = '') =>
    `SELECT date_trunc('${query.interval}', bucket AT TIME ZONE 'UTC') AS out_bucket, ${group} AS grp, ${sign} AS sign,
            ${SUMMED}, latency_histogram AS h, NULL::integer AS slot
     FROM request_log_rollups WHERE ${rollupWhere(query, params, source, from)}${extra}`;
  const property = dimension.startsWith('property.');
  if (sources.edges) {
    parts.push(select(sources.edges, 'value', 1, dimension));
    if (property) parts.push(...nullGroupTerms(sources.edges, select, dimension, ''));
  }
  if (sources.whole && !wholeAreSingle) parts.push(select(sources.whole, 'value', 1, dimension));
  let nullBuckets = '';
  if (sources.whole && property) {
    // Only the buckets where some requests lack the property: reading every value's histogram costs.
    nullBuckets = `WITH null_group_buckets AS MATERIALIZED (${nullGroupBucketsSql(sources.whole, params, query, dimension)})`;
    const withNullGroup = ' AND bucket IN (SELECT bucket FROM null_group_buckets)';
    parts.push(...nullGroupTerms(sources.whole, select, dimension, withNullGroup));
  }
  if (sources.raw.length > 0) parts.push(rawSource(query, params, sources.raw));
  if (parts.length === 0) return undefined;
  const sql = `${nullBuckets}
    SELECT to_char(out_bucket, ${BUCKET_TEXT}) AS bucket, grp AS "group",
           sum(sign * requests)::int AS requests, sum(sign * errors)::int AS errors,
           sum(sign * prompt_tokens)::float8 AS prompt_tokens, sum(sign * completion_tokens)::float8 AS completion_tokens,
           sum(sign * cached_tokens)::float8 AS cached_tokens, sum(sign * cost_usd)::float8 AS cost_usd,
           sum(sign * saved_usd)::float8 AS saved_usd, sum(sign * cache_hits)::int AS cache_hits,
           sum(sign * cache_lookups)::int AS cache_lookups, ${HISTOGRAM_SUM} AS latency_histogram
    FROM (${parts.join('\n      UNION ALL ')}) AS source
    GROUP BY out_bucket, grp
    HAVING sum(sign * requests) > 0
    ORDER BY out_bucket, grp NULLS LAST`;
  return { sql, params: params.values };
}

/** A property's null group over some rollup rows: the ungrouped total (every key's) less the property's values. */
function nullGroupTerms(
  source: SpanRanges,
  select: (source: SpanRanges, group: string, sign: number, from: string, extra?: string) => string,
  dimension: string,
  extra: string,
): string[] {
  return [select(source, 'NULL::text', 1, '', extra), select(source, 'NULL::text', -1, dimension, extra)];
}

/** The buckets of whole rollup rows in which fewer requests carry the property than there are requests. */
function nullGroupBucketsSql(
  whole: SpanRanges,
  params: SqlParameters,
  query: RollupSummaryQuery,
  dimension: string,
): string {
  return `SELECT bucket FROM (
      SELECT bucket, requests FROM request_log_rollups WHERE ${rollupWhere(query, params, whole, '')}
      UNION ALL
      SELECT bucket, -requests FROM request_log_rollups WHERE ${rollupWhere(query, params, whole, dimension)}
    ) AS counted GROUP BY bucket HAVING sum(requests) > 0`;
}

/** Log rows in the partial hours at the ends of the window, each as a one-request rollup row with its slot. */
function rawSource(query: RollupSummaryQuery, params: SqlParameters, ranges: readonly Range[]): string {
  const group = rawGroupExpression(query.groupBy, params);
  const key = query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`;
  return `SELECT out_bucket, grp, 1 AS sign, ${SUMMED}, NULL::integer[] AS h, slot
     FROM (
       SELECT date_trunc('${query.interval}', created_at AT TIME ZONE 'UTC') AS out_bucket, ${group} AS grp,
              1 AS requests, (status = 'error')::int AS errors, prompt_tokens, completion_tokens, cached_tokens,
              cost_usd, saved_usd, (cache IN ('hit-exact', 'hit-semantic'))::int AS cache_hits,
              (cache <> 'off')::int AS cache_lookups, width_bucket(latency_ms, ${LATENCY_BOUNDARIES_SQL}) AS slot
       FROM request_logs WHERE (${rangesSql('created_at', ranges, params)})${key}
     ) AS logged`;
}

function rawGroupExpression(groupBy: SummaryGroupBy | undefined, params: SqlParameters): string {
  switch (groupBy) {
    case undefined:
      return 'NULL::text';
    case 'model':
      return 'coalesce(served_model, requested_model)';
    case 'provider':
      return 'provider';
    case 'user':
      return 'user_id';
    default:
      return `properties ->> ${params.add(groupBy.slice('property.'.length))}::text`;
  }
}
