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

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const floorTo = (time: number, size: number) => Math.floor(time / size) * size;
const ceilTo = (time: number, size: number) => Math.ceil(time / size) * size;

interface Range {
  from: number;
  to: number;
}

const SUMMED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .join(', ');

const HISTOGRAM_SUM = `ARRAY[${Array.from({ length: LATENCY_SLOTS }, (_, index) => `sum(sign * h[${index + 1}])`).join(', ')}]::float8[]`;

/**
 * The analytics summary from the rollups (docs/request-log.md): whole days from the daily rollups (day buckets
 * only), whole hours from the hourly ones, and the partial hours at either end of the window from the log rows
 * themselves — so figures equal the exact ones over any window. Rows without a property count in its null group:
 * the ungrouped total less the property's values. Returns sums and a merged latency histogram per bucket and group.
 */
export function rollupSummarySql(query: RollupSummaryQuery): { sql: string; params: unknown[] } {
  if (query.virtualKeyId !== undefined && query.groupBy !== undefined)
    throw new Error('the rollups keep virtual keys on ungrouped rows only; read the rows for a grouped summary');
  const params = new SqlParameters();
  const from = query.from.getTime();
  const to = query.to.getTime();
  const firstHour = ceilTo(from, HOUR_MS);
  const lastHour = floorTo(to, HOUR_MS);
  const sources: string[] = [];
  let raw: Range[] = [{ from, to }];
  if (firstHour < lastHour) {
    raw = [
      { from, to: firstHour },
      { from: lastHour, to },
    ].filter((range) => range.from < range.to);
    const firstDay = ceilTo(firstHour, DAY_MS);
    const lastDay = floorTo(lastHour, DAY_MS);
    if (query.interval === 'day' && firstDay < lastDay) {
      sources.push(...rollupSources(query, params, 'day', [{ from: firstDay, to: lastDay }]));
      const hours = [
        { from: firstHour, to: firstDay },
        { from: lastDay, to: lastHour },
      ].filter((range) => range.from < range.to);
      if (hours.length > 0) sources.push(...rollupSources(query, params, 'hour', hours));
    } else {
      sources.push(...rollupSources(query, params, 'hour', [{ from: firstHour, to: lastHour }]));
    }
  }
  if (raw.length > 0) sources.push(rawSource(query, params, raw));
  const sql = `
    SELECT to_char(out_bucket, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bucket, grp AS "group",
           sum(sign * requests)::int AS requests, sum(sign * errors)::int AS errors,
           sum(sign * prompt_tokens)::float8 AS prompt_tokens, sum(sign * completion_tokens)::float8 AS completion_tokens,
           sum(sign * cached_tokens)::float8 AS cached_tokens, sum(sign * cost_usd)::float8 AS cost_usd,
           sum(sign * saved_usd)::float8 AS saved_usd, sum(sign * cache_hits)::int AS cache_hits,
           sum(sign * cache_lookups)::int AS cache_lookups, ${HISTOGRAM_SUM} AS latency_histogram
    FROM (${sources.join('\n      UNION ALL ')}) AS source
    GROUP BY out_bucket, grp
    HAVING sum(sign * requests) > 0
    ORDER BY out_bucket, grp NULLS LAST`;
  return { sql, params: params.values };
}

function dimensionOf(groupBy: SummaryGroupBy | undefined): string {
  return groupBy === undefined ? '' : groupBy;
}

function rangesSql(column: string, ranges: readonly Range[], params: SqlParameters): string {
  return ranges
    .map(
      (range) =>
        `(${column} >= ${params.add(new Date(range.from).toISOString())}::timestamptz AND ${column} < ${params.add(new Date(range.to).toISOString())}::timestamptz)`,
    )
    .join(' OR ');
}

/** Rollup rows of one span over some ranges: the grouped rows, and for a property its null group's terms. */
function rollupSources(
  query: RollupSummaryQuery,
  params: SqlParameters,
  span: 'hour' | 'day',
  ranges: readonly Range[],
): string[] {
  const spanParam = params.add(span);
  const where = `(${rangesSql('bucket', ranges, params)})${query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`}`;
  const select = (group: string, sign: number, dimension: string) =>
    `SELECT date_trunc('${query.interval}', bucket AT TIME ZONE 'UTC') AS out_bucket, ${group} AS grp, ${sign} AS sign,
            ${SUMMED}, latency_histogram AS h
     FROM request_log_rollups WHERE span = ${spanParam} AND dimension = ${params.add(dimension)} AND ${where}`;
  const dimension = dimensionOf(query.groupBy);
  if (!dimension.startsWith('property.')) return [select('value', 1, dimension)];
  return [select('value', 1, dimension), select('NULL::text', 1, ''), select('NULL::text', -1, dimension)];
}

/** Log rows in the partial hours at the ends of the window, each as a one-request rollup row. */
function rawSource(query: RollupSummaryQuery, params: SqlParameters, ranges: readonly Range[]): string {
  const group = rawGroupExpression(query.groupBy, params);
  const key = query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`;
  return `SELECT out_bucket, grp, 1 AS sign, ${SUMMED},
            array_fill(0, ARRAY[slot]) || 1 || array_fill(0, ARRAY[${LATENCY_SLOTS - 1} - slot]) AS h
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
