import { groupExpressionSql } from '../group-expression-sql';
import type { SummaryGroupBy } from '../log-query-schemas';
import { SqlParameters } from '../sql-parameters';
import { LATENCY_BOUNDARIES_SQL, LATENCY_SLOTS } from './latency-histogram';
import { BUCKET_TEXT, RAW_COUNTED, rollupWhere, type Statement, SUMMED } from './rollup-sql-parts';
import { rollupTotalsSql } from './rollup-totals-sql';
import { type Range, rangesSql, type SpanRanges, type WindowSources, windowSources } from './window-sources';

export type { Statement } from './rollup-sql-parts';

/** What the rollups can answer: a window, a bucket size, a grouping, and (for a tenant) one virtual key. */
export interface RollupSummaryQuery {
  from: Date;
  to: Date;
  interval: 'hour' | 'day';
  groupBy?: SummaryGroupBy;
  /** Only this virtual key's requests: the rollups keep keys on ungrouped rows only, so only without groupBy. */
  virtualKeyId?: string;
  /** With groupBy: the groups answered on their own; every other value adds into one `other` row per bucket. */
  kept?: readonly string[];
}

/**
 * The statements of a summary from the rollups. `single`: answer rows that are one stored rollup row each, with
 * the percentiles stored on it. `merged`: answer rows added up from several sources (the partial days and hours at
 * the window's ends, every key's ungrouped rows, a property's null group), with their merged latency histogram as
 * text. Each is ordered by bucket and group (nulls last); a bucket's rows from `merged` follow its rows from
 * `single` (there they can only be a property's null group). `totals` (with `kept`): each bucket's ungrouped counts
 * and sums, from which the answer rows are subtracted for the bucket's other row (other-rows.ts).
 */
export interface RollupSummaryStatements {
  single: Statement | undefined;
  merged: Statement | undefined;
  totals: Statement | undefined;
}

/**
 * The merged histogram: a rollup source gives its histogram `h`, a log row its `slot` (h null). The sources are a
 * UNION ALL that PostgreSQL flattens, substituting each source's expressions here, so a log row's histogram is
 * never built as an array (it would be built once per slot).
 */
const HISTOGRAM_SUM = `(ARRAY[${Array.from({ length: LATENCY_SLOTS }, (_, index) => `sum(sign * coalesce(h[${index + 1}], (slot = ${index})::int))`).join(', ')}]::integer[])::text`;

/** One source of merged rows: rollup rows of a span and dimension, counted into a group with a sign. */
interface Term {
  source: SpanRanges;
  dimension: string;
  group: 'value' | 'NULL::text';
  sign?: 1 | -1;
  extra?: string;
}

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
    totals: query.kept === undefined ? undefined : rollupTotalsSql(query.interval, sources),
  };
}

/** Whole buckets of a grouping (or of one key): one stored rollup row per answer row, its percentiles stored. */
function singleSql(query: RollupSummaryQuery, whole: SpanRanges): Statement {
  const params = new SqlParameters();
  const kept = query.kept === undefined ? '' : ` AND (value IS NULL OR value = ANY(${params.add(query.kept)}::text[]))`;
  const sql = `
    SELECT to_char(bucket AT TIME ZONE 'UTC', ${BUCKET_TEXT}) AS bucket, value AS "group",
           requests::int AS requests, errors::int AS errors, prompt_tokens::float8 AS prompt_tokens,
           completion_tokens::float8 AS completion_tokens, cached_tokens::float8 AS cached_tokens, cost_usd, saved_usd,
           latency_p50_ms, latency_p95_ms, latency_p99_ms, cache_hits::int AS cache_hits,
           cache_lookups::int AS cache_lookups
    FROM request_log_rollups
    WHERE ${rollupWhere(query, params, whole, query.groupBy ?? '')}${kept} AND requests > 0
    ORDER BY request_log_rollups.bucket, value NULLS LAST`;
  return { sql, params: params.values };
}

/** Answer rows added up from several sources, each with its merged latency histogram; undefined when none. */
function mergedSql(query: RollupSummaryQuery, sources: WindowSources, wholeAreSingle: boolean): Statement | undefined {
  const params = new SqlParameters();
  const dimension = query.groupBy ?? '';
  const { kept } = query;
  const keptOnly = () => (kept === undefined ? '' : ` AND (value IS NULL OR value = ANY(${params.add(kept)}::text[]))`);
  const select = (term: Term) =>
    `SELECT date_trunc('${query.interval}', bucket AT TIME ZONE 'UTC') AS out_bucket, ${term.group} AS grp,
            ${term.sign ?? 1} AS sign, ${SUMMED}, latency_histogram AS h, NULL::integer AS slot
     FROM request_log_rollups JOIN request_log_rollup_histograms ON rollup_id = id
     WHERE ${rollupWhere(query, params, term.source, term.dimension)}${term.extra ?? ''}`;
  const property = dimension.startsWith('property.');
  const terms: Term[] = [];
  if (sources.edges) {
    terms.push({ source: sources.edges, dimension, group: 'value', extra: keptOnly() });
    if (property) terms.push(...nullGroupTerms(sources.edges, dimension, ''));
  }
  if (sources.whole && !wholeAreSingle) terms.push({ source: sources.whole, dimension, group: 'value' });
  let nullBuckets = '';
  if (sources.whole && property) {
    // Only the buckets where some requests lack the property: reading every value's histogram costs.
    nullBuckets = `WITH null_group_buckets AS MATERIALIZED (${nullGroupBucketsSql(sources.whole, params, query, dimension)})`;
    terms.push(...nullGroupTerms(sources.whole, dimension, ' AND bucket IN (SELECT bucket FROM null_group_buckets)'));
  }
  const parts = terms.map(select);
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
function nullGroupTerms(source: SpanRanges, dimension: string, extra: string): Term[] {
  return [
    { source, dimension: '', group: 'NULL::text', extra },
    { source, dimension, group: 'NULL::text', sign: -1, extra },
  ];
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

/**
 * Log rows in the partial hours at the ends of the window, each as a one-request rollup row with its slot; with
 * `kept`, only the rows of kept groups and the null group.
 */
function rawSource(query: RollupSummaryQuery, params: SqlParameters, ranges: readonly Range[]): string {
  const value = groupExpressionSql(query.groupBy, params);
  const keptOnly =
    query.kept === undefined ? '' : ` AND (${value} IS NULL OR ${value} = ANY(${params.add(query.kept)}::text[]))`;
  const key = query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`;
  return `SELECT out_bucket, grp, 1 AS sign, ${SUMMED}, NULL::integer[] AS h, slot
     FROM (
       SELECT date_trunc('${query.interval}', created_at AT TIME ZONE 'UTC') AS out_bucket, ${value} AS grp,
              ${RAW_COUNTED}, width_bucket(latency_ms, ${LATENCY_BOUNDARIES_SQL}) AS slot
       FROM request_logs WHERE (${rangesSql('created_at', ranges, params)})${key}${keptOnly}
     ) AS logged`;
}
