import type { RequestLogRecord } from './request-log-record';

/** A record's counts of usage: whole numbers, 0 when the provider gave none. */
export const COUNT_COLUMNS = [
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'search_units',
] as const satisfies readonly (keyof RequestLogRecord)[];

/** The columns a listed record carries, in order: every field of the record but the bodies. */
export const RECORD_COLUMNS = [
  'id',
  'created_at',
  'mode',
  'job_id',
  'batch_id',
  'virtual_key_id',
  'config_id',
  'config_version',
  'endpoint',
  'requested_model',
  'served_model',
  'provider',
  'status',
  'http_status',
  'error',
  'attempts',
  ...COUNT_COLUMNS,
  'usage_estimated',
  'cost_usd',
  'saved_usd',
  'priced',
  'latency_ms',
  'ttft_ms',
  'queue_wait_ms',
  'cache',
  'cache_score',
  'properties',
  'metadata',
  'user_id',
  'session_id',
  'trace_id',
  'prompt_id',
  'prompt_version',
  'ip',
] as const satisfies readonly (keyof RequestLogRecord)[];

export const RECORD_COLUMNS_SQL = RECORD_COLUMNS.join(', ');
