import type { LogFilters } from './log-query-schemas';
import { BODY_WORDS_SQL } from './migrations/index-body-words-sql';
import type { SqlParameters } from './sql-parameters';

/** The WHERE conditions for the shared log filters (ANDed; none means every row). */
export function logFilterConditions(filters: LogFilters, params: SqlParameters): string[] {
  const conditions: string[] = [];
  if (filters.from) conditions.push(`created_at >= ${params.add(filters.from.toISOString())}::timestamptz`);
  if (filters.to) conditions.push(`created_at < ${params.add(filters.to.toISOString())}::timestamptz`);
  if (filters.model) {
    const model = params.add(filters.model);
    conditions.push(`(served_model = ${model} OR requested_model = ${model})`);
  }
  if (filters.provider) conditions.push(`provider = ${params.add(filters.provider)}`);
  if (filters.status) conditions.push(`status = ${params.add(filters.status)}`);
  if (filters.cache === 'hit') conditions.push(`cache IN ('hit-exact', 'hit-semantic')`);
  else if (filters.cache) conditions.push(`cache = ${params.add(filters.cache)}`);
  if (filters.user) conditions.push(`user_id = ${params.add(filters.user)}`);
  if (filters.session) conditions.push(`session_id = ${params.add(filters.session)}`);
  if (Object.keys(filters.properties).length > 0) {
    conditions.push(`properties @> ${params.add(JSON.stringify(filters.properties))}::jsonb`);
  }
  return conditions;
}

export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/**
 * Rows whose request or response body contains the words of `search` (web-search syntax), read through the
 * body-words index; the bodies' day partitions are bounded by the same from/to as the rows.
 */
export function bodySearchCondition(search: string, filters: LogFilters, params: SqlParameters): string {
  const bounds = [
    filters.from ? `AND body.created_at >= ${params.add(filters.from.toISOString())}::timestamptz` : '',
    filters.to ? `AND body.created_at < ${params.add(filters.to.toISOString())}::timestamptz` : '',
  ].join(' ');
  return `(id, created_at) IN (SELECT body.id, body.created_at FROM request_log_bodies AS body
    WHERE ${BODY_WORDS_SQL} @@ websearch_to_tsquery('simple'::regconfig, ${params.add(search)}) ${bounds})`;
}
