import { groupExpressionSql } from '../group-expression-sql';
import type { SummaryGroupBy } from '../log-query-schemas';
import { SqlParameters } from '../sql-parameters';
import { BUCKET_TEXT, RAW_COUNTED, rollupWhere, type Statement, SUMMED } from './rollup-sql-parts';
import { rangesSql, type SpanRanges, type WindowSources } from './window-sources';

/**
 * The other row of each bucket of a grouped summary that keeps only some groups (docs/request-log.md): counts and
 * sums of every group not kept, without percentiles (they would need every such group's histogram added up). For
 * a model, provider or user grouping it is the ungrouped total (every key's) less the kept groups and the null
 * group — a few rows per bucket however many groups there are; for a property (rows without it have no rollup
 * row of its own), the values not kept; and the partial hours' log rows whose value is not kept.
 */
export function otherGroupsSql(
  query: { interval: 'hour' | 'day'; groupBy: SummaryGroupBy; kept: readonly string[] },
  sources: WindowSources,
): Statement {
  const params = new SqlParameters();
  const kept = `${params.add(query.kept)}::text[]`;
  const select = (source: SpanRanges, dimension: string, sign: 1 | -1, extra: string) =>
    `SELECT date_trunc('${query.interval}', bucket AT TIME ZONE 'UTC') AS out_bucket, ${sign} AS sign, ${SUMMED}
     FROM request_log_rollups WHERE ${rollupWhere({}, params, source, dimension)}${extra}`;
  const parts: string[] = [];
  for (const source of [sources.whole, sources.edges]) {
    if (source === undefined) continue;
    if (query.groupBy.startsWith('property.'))
      parts.push(select(source, query.groupBy, 1, ` AND value <> ALL(${kept})`));
    else {
      parts.push(select(source, '', 1, ''));
      parts.push(select(source, query.groupBy, -1, ` AND (value IS NULL OR value = ANY(${kept}))`));
    }
  }
  if (sources.raw.length > 0) {
    const value = groupExpressionSql(query.groupBy, params);
    parts.push(
      `SELECT date_trunc('${query.interval}', created_at AT TIME ZONE 'UTC') AS out_bucket, 1 AS sign, ${RAW_COUNTED}
       FROM request_logs
       WHERE (${rangesSql('created_at', sources.raw, params)}) AND ${value} IS NOT NULL AND ${value} <> ALL(${kept})`,
    );
  }
  const sql = `
    SELECT to_char(out_bucket, ${BUCKET_TEXT}) AS bucket, NULL::text AS "group", true AS other,
           sum(sign * requests)::int AS requests, sum(sign * errors)::int AS errors,
           sum(sign * prompt_tokens)::float8 AS prompt_tokens, sum(sign * completion_tokens)::float8 AS completion_tokens,
           sum(sign * cached_tokens)::float8 AS cached_tokens, sum(sign * cost_usd)::float8 AS cost_usd,
           sum(sign * saved_usd)::float8 AS saved_usd, NULL::float8 AS latency_p50_ms, NULL::float8 AS latency_p95_ms,
           NULL::float8 AS latency_p99_ms, sum(sign * cache_hits)::int AS cache_hits,
           sum(sign * cache_lookups)::int AS cache_lookups
    FROM (${parts.join('\n      UNION ALL ')}) AS source
    GROUP BY out_bucket
    HAVING sum(sign * requests) > 0
    ORDER BY out_bucket`;
  return { sql, params: params.values };
}
