import type { SummaryGroupBy } from './log-query-schemas';
import type { SqlParameters } from './sql-parameters';

/** A log row's group for a summary grouping, as SQL over request_logs; NULL::text when not grouped. */
export function groupExpressionSql(groupBy: SummaryGroupBy | undefined, params: SqlParameters): string {
  switch (groupBy) {
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
      return `(properties ->> ${params.add(groupBy.slice('property.'.length))}::text)`;
  }
}
