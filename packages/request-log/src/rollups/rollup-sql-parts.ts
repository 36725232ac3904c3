import type { SqlParameters } from '../sql-parameters';
import { rangesSql, type SpanRanges } from './window-sources';

/** A statement and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The rollup columns a summary adds up. */
export const SUMMED_COLUMNS = [
  'requests',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cost_usd',
  'saved_usd',
  'cache_hits',
  'cache_lookups',
] as const;

export const SUMMED = SUMMED_COLUMNS.join(', ');

/** A bucket's start as the summary answers it: UTC, ISO 8601. */
export const BUCKET_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/** A log row's counted columns, as a one-request rollup row has them. */
export const RAW_COUNTED = `1 AS requests, (status = 'error')::int AS errors, prompt_tokens, completion_tokens,
  cached_tokens, cost_usd, saved_usd, (cache IN ('hit-exact', 'hit-semantic'))::int AS cache_hits,
  (cache <> 'off')::int AS cache_lookups`;

/** Rollup rows of one span and dimension over some ranges (and, for a tenant, one key). */
export function rollupWhere(
  query: { virtualKeyId?: string },
  params: SqlParameters,
  source: SpanRanges,
  dimension: string,
): string {
  const key = query.virtualKeyId === undefined ? '' : ` AND virtual_key_id = ${params.add(query.virtualKeyId)}`;
  return `span = ${params.add(source.span)} AND dimension = ${params.add(dimension)} AND (${rangesSql('bucket', source.ranges, params)})${key}`;
}
