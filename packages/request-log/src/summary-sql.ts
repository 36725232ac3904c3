import { groupExpressionSql } from './group-expression-sql';
import { logFilterConditions, whereClause } from './log-filters-sql';
import type { LogSummaryQuery } from './log-query-schemas';
import { type LogScope, scopeConditions } from './log-scope';
import { SqlParameters } from './sql-parameters';

/**
 * The statement for the analytics summary: per time bucket and group, counts, sums and latency percentiles. Grouped,
 * it keeps the `limit` groups with the most requests in the window (ties by name) and adds the rest up into one
 * row per bucket flagged `other` (counts and sums; no percentiles); each bucket's rows are ordered by group (nulls
 * last), then its other row.
 */
export function summarySql(
  query: LogSummaryQuery & { from: Date; to: Date },
  scope: LogScope,
): { sql: string; params: unknown[] } {
  const params = new SqlParameters();
  const group = groupExpressionSql(query.groupBy, params);
  const where = whereClause([...scopeConditions(scope, params), ...logFilterConditions(query, params)]);
  const grouped = query.groupBy !== undefined;
  const topGroups = grouped
    ? `WITH top_groups AS MATERIALIZED (
         SELECT grp FROM (SELECT ${group} AS grp, count(*) AS requests FROM request_logs ${where} GROUP BY 1) AS counted
         WHERE grp IS NOT NULL ORDER BY requests DESC, grp LIMIT ${params.add(query.limit)})`
    : '';
  const other = grouped ? `(${group} IS NOT NULL AND ${group} NOT IN (SELECT grp FROM top_groups))` : 'false';
  const sql = `${topGroups}
    SELECT to_char(date_trunc('${query.interval}', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bucket,
           grp AS "group", other,
           count(*)::int AS requests,
           (count(*) FILTER (WHERE status = 'error'))::int AS errors,
           coalesce(sum(prompt_tokens), 0)::float8 AS prompt_tokens,
           coalesce(sum(completion_tokens), 0)::float8 AS completion_tokens,
           coalesce(sum(cached_tokens), 0)::float8 AS cached_tokens,
           coalesce(sum(cost_usd), 0)::float8 AS cost_usd,
           coalesce(sum(saved_usd), 0)::float8 AS saved_usd,
           ${PERCENTILES.map(percentileSql).join('\n           ')}
           (count(*) FILTER (WHERE cache IN ('hit-exact', 'hit-semantic')))::int AS cache_hits,
           (count(*) FILTER (WHERE cache <> 'off'))::int AS cache_lookups
    FROM (
      SELECT created_at, status, prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, latency_ms, cache,
             CASE WHEN ${other} THEN NULL ELSE ${group} END AS grp, ${other} AS other
      FROM request_logs ${where}
    ) AS logged
    GROUP BY 1, 2, 3
    ORDER BY 1, 3, 2 NULLS LAST`;
  return { sql, params: params.values };
}

const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** A latency percentile of the bucket's group, exact; null on the other row (as the rollups give it). */
function percentileSql(p: (typeof PERCENTILES)[number]): string {
  const name = `latency_p${Math.round(p * 100)}_ms`;
  return `CASE WHEN other THEN NULL ELSE percentile_cont(${p}) WITHIN GROUP (ORDER BY latency_ms) END AS ${name},`;
}
