import type { CompletionEvent } from '@sluice/queues';
import { cleanNullableText, cleanText, toJsonbText } from './sql-text';

/** What the writer adds to an event before storing it. */
export interface ComputedFields {
  prompt_tokens: number;
  completion_tokens: number;
  usage_estimated: boolean;
  cost_usd: number;
  saved_usd: number;
  priced: boolean;
}

/** The inserted columns, in the order rowValues gives them, with their PostgreSQL types. */
const COLUMN_TYPES = {
  id: 'text',
  created_at: 'timestamptz',
  mode: 'text',
  job_id: 'text',
  batch_id: 'text',
  virtual_key_id: 'text',
  config_id: 'text',
  config_version: 'int4',
  endpoint: 'text',
  requested_model: 'text',
  served_model: 'text',
  provider: 'text',
  status: 'text',
  http_status: 'int4',
  error: 'text',
  attempts: 'jsonb',
  prompt_tokens: 'int4',
  completion_tokens: 'int4',
  cached_tokens: 'int4',
  cache_write_tokens: 'int4',
  reasoning_tokens: 'int4',
  search_units: 'int4',
  usage_estimated: 'bool',
  cost_usd: 'float8',
  saved_usd: 'float8',
  priced: 'bool',
  latency_ms: 'float8',
  ttft_ms: 'float8',
  queue_wait_ms: 'float8',
  cache: 'text',
  cache_score: 'float8',
  properties: 'jsonb',
  metadata: 'jsonb',
  user_id: 'text',
  session_id: 'text',
  trace_id: 'text',
  prompt_id: 'text',
  prompt_version: 'int4',
  ip: 'text',
} as const;

export const REQUEST_LOG_COLUMNS = Object.keys(COLUMN_TYPES) as (keyof typeof COLUMN_TYPES)[];

/**
 * One INSERT for any number of rows: each column travels as one array parameter and `unnest` turns the arrays
 * back into rows (faster than a VALUES list of thousands of parameters). created_at is kept to the millisecond
 * so cursors round-trip exactly; a redelivered request (same id, same created_at: the key of the partitioned
 * table) is skipped, and only the rows inserted now are returned.
 */
export const INSERT_ROWS_SQL = `
  INSERT INTO request_logs (${REQUEST_LOG_COLUMNS.join(', ')})
  SELECT ${REQUEST_LOG_COLUMNS.map((column) => (column === 'created_at' ? "date_trunc('milliseconds', created_at)" : column)).join(', ')}
  FROM unnest(${REQUEST_LOG_COLUMNS.map((column, index) => `$${index + 1}::${COLUMN_TYPES[column]}[]`).join(', ')})
    AS incoming(${REQUEST_LOG_COLUMNS.join(', ')})
  ON CONFLICT (id, created_at) DO NOTHING
  RETURNING id`;

/** The bodies of the rows just inserted: ids, created_at (already truncated to the millisecond), two jsonb. */
export const INSERT_BODIES_SQL = `
  INSERT INTO request_log_bodies (id, created_at, request_body, response_body)
  SELECT id, date_trunc('milliseconds', created_at), request_body, response_body
  FROM unnest($1::text[], $2::timestamptz[], $3::jsonb[], $4::jsonb[]) AS incoming(id, created_at, request_body, response_body)
  ON CONFLICT (id, created_at) DO NOTHING`;

/** Rows (as rowValues gives them) as INSERT_ROWS_SQL's parameters: one array per column. */
export function columnArrays(rows: readonly unknown[][]): unknown[][] {
  const columns: unknown[][] = REQUEST_LOG_COLUMNS.map(() => []);
  for (const row of rows) {
    row.forEach((value, index) => {
      columns[index]?.push(value);
    });
  }
  return columns;
}

/** One event's values for REQUEST_LOG_COLUMNS, cleaned for PostgreSQL. */
export function rowValues(event: CompletionEvent, computed: ComputedFields): unknown[] {
  return [
    cleanText(event.id),
    event.created_at,
    event.mode,
    cleanNullableText(event.job_id),
    cleanNullableText(event.batch_id),
    cleanNullableText(event.virtual_key_id),
    cleanNullableText(event.config_id),
    event.config_version,
    event.endpoint,
    cleanText(event.requested_model),
    cleanNullableText(event.served_model),
    cleanNullableText(event.provider),
    event.status,
    event.http_status,
    cleanNullableText(event.error),
    toJsonbText(event.attempts),
    computed.prompt_tokens,
    computed.completion_tokens,
    event.cached_tokens,
    event.cache_write_tokens,
    event.reasoning_tokens,
    event.search_units,
    computed.usage_estimated,
    computed.cost_usd,
    computed.saved_usd,
    computed.priced,
    event.latency_ms,
    event.ttft_ms,
    event.queue_wait_ms,
    event.cache,
    event.cache_score,
    toJsonbText(event.properties),
    toJsonbText(event.metadata),
    cleanNullableText(event.user_id),
    cleanNullableText(event.session_id),
    cleanNullableText(event.trace_id),
    cleanNullableText(event.prompt_id),
    event.prompt_version,
    cleanNullableText(event.ip),
  ];
}
