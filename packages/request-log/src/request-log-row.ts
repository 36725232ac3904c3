import type { CompletionEvent, EventBodiesText } from '@sluice/queues';

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

/** The columns of a row as the PGlite statement's rows parameter gives them (bodies apart), with their types. */
export const ROW_COLUMNS_SQL = REQUEST_LOG_COLUMNS.map((column) => `${column} ${COLUMN_TYPES[column]}`).join(', ');

/**
 * The columns of a batch as it arrives (rows and bodies), with their PostgreSQL types: `request_turns` and
 * `translated_request_turns`, the hashes of the sent and the translated body's earlier turns stored apart in
 * request_log_turns (turns/split-turns.ts), 16 bytes each.
 */
export const INCOMING_COLUMNS_SQL = `${ROW_COLUMNS_SQL},
  request_body jsonb, response_body jsonb, translated_request_body jsonb, request_turns bytea,
  translated_request_turns bytea`;

/**
 * Inserts a batch's rows and bodies from `incoming` (a relation of INCOMING_COLUMNS_SQL) in one statement.
 * created_at is kept to the millisecond so cursors round-trip exactly; a redelivered request (same id, same
 * created_at: the key of the partitioned table) is skipped, its body too, and only the ids inserted now are
 * returned. A row's bodies are stored when the row is inserted now and it carries either.
 */
function insertIncomingSql(incoming: string): string {
  return `
  WITH incoming AS MATERIALIZED (${incoming}), inserted AS (
    INSERT INTO request_logs (${REQUEST_LOG_COLUMNS.join(', ')})
    SELECT ${REQUEST_LOG_COLUMNS.map((column) => (column === 'created_at' ? "date_trunc('milliseconds', created_at)" : column)).join(', ')}
    FROM incoming
    ON CONFLICT (id, created_at) DO NOTHING
    RETURNING id, created_at
  ), bodies AS (
    INSERT INTO request_log_bodies (id, created_at, request_body, response_body, translated_request_body, request_turns,
      translated_request_turns)
    SELECT inserted.id, inserted.created_at, incoming.request_body, incoming.response_body,
      incoming.translated_request_body, incoming.request_turns, incoming.translated_request_turns
    FROM inserted JOIN incoming ON incoming.id = inserted.id
    WHERE incoming.request_body IS NOT NULL OR incoming.response_body IS NOT NULL
    ON CONFLICT (id, created_at) DO NOTHING
  )
  SELECT id FROM inserted`;
}

/**
 * Rows and bodies from two parameters (rows-parameters.ts), for engines without COPY from a client (PGlite): the rows
 * as one JSON array, which json_to_recordset turns back into typed rows (no per-element array escaping on either
 * side), each naming its bodies' place in the second, a jsonb array of `{request_body, response_body,
 * translated_request_body, request_turns, translated_request_turns}` objects (the turns' hashes in hex). Each body is parsed once, into that array,
 * and taken out of it as jsonb; inside the rows' JSON it was lexed three times (the json cast, json_to_recordset, and
 * jsonb input of its text).
 */
export const INSERT_ROWS_SQL = insertIncomingSql(`
    SELECT incoming.*, NULLIF(body.bodies -> 'request_body', 'null') AS request_body,
      NULLIF(body.bodies -> 'response_body', 'null') AS response_body,
      NULLIF(body.bodies -> 'translated_request_body', 'null') AS translated_request_body,
      decode(body.bodies ->> 'request_turns', 'hex') AS request_turns,
      decode(body.bodies ->> 'translated_request_turns', 'hex') AS translated_request_turns
    FROM json_to_recordset($1::json) AS incoming(${ROW_COLUMNS_SQL}, bodies_at int)
    LEFT JOIN jsonb_array_elements($2::jsonb) WITH ORDINALITY AS body(bodies, at) ON body.at = incoming.bodies_at`);

/** Rows and bodies from the staging table a COPY filled (request-log-copy.ts). */
export const INSERT_STAGED_ROWS_SQL = insertIncomingSql('SELECT * FROM request_log_staging');

/**
 * On a row (as rowObject gives it): its bodies still as the JSON text of `{request_body, response_body,
 * translated_request_body}` they travelled as in the completion event (EventBodiesText), not parsed.
 */
export const BODIES_TEXT = Symbol('bodies text');

/**
 * One event's values for REQUEST_LOG_COLUMNS, and its bodies when they are to be stored (absent otherwise): the
 * event's own, or `bodiesText` as it came (BODIES_TEXT). Text is cleaned for PostgreSQL when the batch is serialised
 * (rowsParameters).
 */
export function rowObject(
  event: CompletionEvent,
  computed: ComputedFields,
  withBodies: boolean,
  bodiesText?: EventBodiesText,
): Record<string | symbol, unknown> {
  const row: Record<string | symbol, unknown> = {
    id: event.id,
    created_at: event.created_at,
    mode: event.mode,
    job_id: event.job_id,
    batch_id: event.batch_id,
    virtual_key_id: event.virtual_key_id,
    config_id: event.config_id,
    config_version: event.config_version,
    endpoint: event.endpoint,
    requested_model: event.requested_model,
    served_model: event.served_model,
    provider: event.provider,
    status: event.status,
    http_status: event.http_status,
    error: event.error,
    attempts: event.attempts,
    prompt_tokens: computed.prompt_tokens,
    completion_tokens: computed.completion_tokens,
    cached_tokens: event.cached_tokens,
    cache_write_tokens: event.cache_write_tokens,
    reasoning_tokens: event.reasoning_tokens,
    search_units: event.search_units,
    usage_estimated: computed.usage_estimated,
    cost_usd: computed.cost_usd,
    saved_usd: computed.saved_usd,
    priced: computed.priced,
    latency_ms: event.latency_ms,
    ttft_ms: event.ttft_ms,
    queue_wait_ms: event.queue_wait_ms,
    cache: event.cache,
    cache_score: event.cache_score,
    properties: event.properties,
    metadata: event.metadata,
    user_id: event.user_id,
    session_id: event.session_id,
    trace_id: event.trace_id,
    prompt_id: event.prompt_id,
    prompt_version: event.prompt_version,
    ip: event.ip,
    request_body: withBodies ? event.request_body : undefined,
    response_body: withBodies ? event.response_body : undefined,
    translated_request_body: withBodies ? event.translated_request_body : undefined,
  };
  // Added after the literal: a literal spreading a symbol-keyed object first gets new hidden classes every call in V8,
  // 50–150 µs a row (BENCHMARKS.md, 2026-12-07 10:21–11:20 UTC notes).
  if (withBodies && bodiesText !== undefined) row[BODIES_TEXT] = bodiesText;
  return row;
}
