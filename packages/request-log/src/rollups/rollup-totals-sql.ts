import { SqlParameters } from '../sql-parameters';
import { BUCKET_TEXT, RAW_COUNTED, rollupWhere, type Statement, SUMMED } from './rollup-sql-parts';
import { rangesSql, type WindowSources } from './window-sources';

/**
 * Each bucket's ungrouped counts and sums, without percentiles: every key's ungrouped rollup rows of the whole
 * buckets and the partial days' hours, and the log rows of the partial hours. A grouped summary that keeps only
 * some groups subtracts its answer rows from these for the bucket's other row (docs/request-log.md), reading a
 * few rows per bucket however many groups there are.
 */
export function rollupTotalsSql(interval: 'hour' | 'day', sources: WindowSources): Statement {
  const params = new SqlParameters();
  const parts = [sources.whole, sources.edges].flatMap((source) =>
    source === undefined
      ? []
      : [
          `SELECT date_trunc('${interval}', bucket AT TIME ZONE 'UTC') AS out_bucket, ${SUMMED}
           FROM request_log_rollups WHERE ${rollupWhere({}, params, source, '')}`,
        ],
  );
  if (sources.raw.length > 0) {
    parts.push(
      `SELECT date_trunc('${interval}', created_at AT TIME ZONE 'UTC') AS out_bucket, ${RAW_COUNTED}
       FROM request_logs WHERE ${rangesSql('created_at', sources.raw, params)}`,
    );
  }
  const sql = `
    SELECT to_char(out_bucket, ${BUCKET_TEXT}) AS bucket, sum(requests)::int AS requests, sum(errors)::int AS errors,
           sum(prompt_tokens)::float8 AS prompt_tokens, sum(completion_tokens)::float8 AS completion_tokens,
           sum(cached_tokens)::float8 AS cached_tokens, sum(cost_usd)::float8 AS cost_usd,
           sum(saved_usd)::float8 AS saved_usd, sum(cache_hits)::int AS cache_hits,
           sum(cache_lookups)::int AS cache_lookups
    FROM (${parts.join('\n      UNION ALL ')}) AS source
    GROUP BY out_bucket
    ORDER BY out_bucket`;
  return { sql, params: params.values };
}
