import { groupExpressionSql } from '../group-expression-sql';
import type { SummaryGroupBy } from '../log-query-schemas';
import { SqlParameters } from '../sql-parameters';
import type { Statement } from './rollup-summary-sql';
import { rangesSql, type SpanRanges, windowSources } from './window-sources';

/**
 * The `limit` groups (values, never null) with the most requests in the window, ties by value, from the rollups:
 * whole days from the daily rows, the hours of partial days from the hourly rows, the partial hours from the log
 * rows — the ranking the exact summary makes (summary-sql.ts), read from thousands of rows.
 */
export function rollupTopGroupsSql(query: { from: Date; to: Date; groupBy: SummaryGroupBy }, limit: number): Statement {
  const params = new SqlParameters();
  const sources = windowSources({ ...query, interval: 'day' });
  const rollupRows = (source: SpanRanges) =>
    `SELECT value AS grp, requests FROM request_log_rollups
     WHERE span = ${params.add(source.span)} AND dimension = ${params.add(query.groupBy)}
       AND (${rangesSql('bucket', source.ranges, params)})`;
  const parts = [sources.whole, sources.edges].flatMap((source) => (source ? [rollupRows(source)] : []));
  if (sources.raw.length > 0) {
    parts.push(
      `SELECT ${groupExpressionSql(query.groupBy, params)} AS grp, 1 AS requests FROM request_logs
       WHERE ${rangesSql('created_at', sources.raw, params)}`,
    );
  }
  const sql = `
    SELECT grp AS "group" FROM (${parts.join('\n      UNION ALL ')}) AS counted
    WHERE grp IS NOT NULL
    GROUP BY grp
    ORDER BY sum(requests) DESC, grp
    LIMIT ${params.add(limit)}`;
  return { sql, params: params.values };
}
