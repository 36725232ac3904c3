const KEY_COLUMNS = 'span, dimension, bucket, virtual_key_id, value';

const FIGURE_COLUMNS = `requests, errors, prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, cache_hits,
  cache_lookups, latency_p50_ms, latency_p95_ms, latency_p99_ms`;

/** The rows' numbering: their key, unique (nulls not distinct), in the order the rows are copied. */
const NUMBERED = `row_number() OVER (ORDER BY bucket, ${KEY_COLUMNS})`;

/**
 * Latency histograms in a table of their own, `request_log_rollup_histograms` (docs/request-log.md): a summary whose
 * answer rows are stored rollup rows reads their figures and stored percentiles only, and with each row's 122-slot
 * histogram inline (~500 of its ~680 bytes) a page held ~5 rollup rows, so such a summary read one page per answer
 * row. PostgreSQL moves no value out of a row under ~2 KB (`STORAGE EXTERNAL` with `toast_tuple_target = 128` left
 * it inline), so the table is rebuilt without it: each rollup row gets an `id`, its histogram is stored under that id,
 * and both tables are written anew in bucket order — on a large table this migration takes as long as copying it.
 */
export const ROLLUP_HISTOGRAMS_APART_SQL = `
ALTER TABLE request_log_rollups RENAME TO request_log_rollups_with_histograms;
ALTER TABLE request_log_rollups_with_histograms
  RENAME CONSTRAINT request_log_rollups_key TO request_log_rollups_with_histograms_key;
DROP INDEX request_log_rollups_value_bucket_idx;

CREATE TABLE request_log_rollups (
  id                bigint GENERATED ALWAYS AS IDENTITY,
  span              text NOT NULL,
  dimension         text NOT NULL,
  bucket            timestamptz NOT NULL,
  virtual_key_id    text,
  value             text,
  requests          bigint NOT NULL,
  errors            bigint NOT NULL,
  prompt_tokens     bigint NOT NULL,
  completion_tokens bigint NOT NULL,
  cached_tokens     bigint NOT NULL,
  cost_usd          double precision NOT NULL,
  saved_usd         double precision NOT NULL,
  cache_hits        bigint NOT NULL,
  cache_lookups     bigint NOT NULL,
  latency_p50_ms    double precision,
  latency_p95_ms    double precision,
  latency_p99_ms    double precision,
  CONSTRAINT request_log_rollups_key UNIQUE NULLS NOT DISTINCT (${KEY_COLUMNS})
) WITH (fillfactor = 50);

CREATE TABLE request_log_rollup_histograms (
  rollup_id         bigint PRIMARY KEY,
  latency_histogram integer[] NOT NULL
) WITH (fillfactor = 50);

INSERT INTO request_log_rollups (id, ${KEY_COLUMNS}, ${FIGURE_COLUMNS}) OVERRIDING SYSTEM VALUE
  SELECT ${NUMBERED}, ${KEY_COLUMNS}, ${FIGURE_COLUMNS} FROM request_log_rollups_with_histograms ORDER BY 1;
INSERT INTO request_log_rollup_histograms (rollup_id, latency_histogram)
  SELECT ${NUMBERED}, latency_histogram FROM request_log_rollups_with_histograms;
SELECT setval(pg_get_serial_sequence('request_log_rollups', 'id'), count(*) + 1, false) FROM request_log_rollups;
DROP TABLE request_log_rollups_with_histograms;

CREATE INDEX request_log_rollups_value_bucket_idx ON request_log_rollups (span, dimension, value, bucket);
`;
