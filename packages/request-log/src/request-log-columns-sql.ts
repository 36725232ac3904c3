/** The columns a listed record carries: everything but the bodies. */
export const RECORD_COLUMNS_SQL = [
  'id', 'created_at', 'mode', 'job_id', 'batch_id', 'virtual_key_id', 'config_id', 'config_version', 'endpoint',
  'requested_model', 'served_model', 'provider', 'status', 'http_status', 'error', 'attempts', 'prompt_tokens',
  'completion_tokens', 'cached_tokens', 'cache_write_tokens', 'reasoning_tokens', 'usage_estimated', 'cost_usd',
  'saved_usd', 'priced', 'latency_ms', 'ttft_ms', 'queue_wait_ms', 'cache', 'cache_score', 'properties', 'metadata',
  'user_id', 'session_id', 'trace_id', 'prompt_id', 'prompt_version', 'ip',
].join(', ');

/** A full record, bodies included. */
export const RECORD_WITH_BODIES_SQL = `${RECORD_COLUMNS_SQL}, request_body, response_body`;
