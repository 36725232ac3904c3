import { logFilterConditions, whereClause } from './log-filters-sql';
import type { LogSummaryQuery } from './log-query-schemas';
import { type LogScope, scopeConditions } from './log-scope';
import { SqlParameters } from './sql-parameters';

/** The statement for the analytics summary: per time bucket and group, counts, sums and latency percentiles. */
export function summarySql(
  query: LogSummaryQuery & { from: Date; to: Date },
  scope: LogScope,
): { sql: string; params: unknown[] } {
  const params = new SqlParameters();
  const group = groupExpression(query, params);
  const where = whereClause([...scopeConditions(scope, params), ...logFilterConditions(query, params)]);
  const sql = `
    SELECT to_char(date_trunc('${query.interval}', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bucket,
           ${group} AS "group",
           count(*)::int AS requests,
           (count(*) FILTER (WHERE status = 'error'))::int AS errors,
           coalesce(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
           coalesce(sum(completion_tokens), 0)::float8 AS completion_tokens,
           coalesce(sum(cached_tokens), 0)::float8 AS cached_tokens,
           coalesce(sum(cost_usd), 0)::float8 AS cost_usd,
           coalesce(sum(saved_usd), 0)::float8 AS saved_usd,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS latency_p50_ms,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS latency_p95_ms,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS latency_p99_ms,
           (count(*) FILTER (WHERE cache IN ('hit-exact', 'hit-semantic')))::int AS cache_hits,
           (count(*) FILTER (WHERE cache <> 'off'))::int AS cache_lookups
    FROM request_logs
    ${where}
    GROUP BY 1, 2
    ORDER BY 1, 2 NULLS LAST`;
  return { sql, params: params.values };
}

function groupExpression(query: LogSummaryQuery, params: SqlParameters): string {
  switch (query.groupBy) {
    case undefined:
      return 'NULL::text';
    case 'model':
      return 'coalesce(served_model, requested_model)';
    case 'provider':
      return 'provider';
    case 'user':
      return 'user_id';
    case 'session':
      return 'session_id';
    default:
      return `properties ->> ${params.add(query.groupBy.slice('property.'.length))}::text`;
  }
}
