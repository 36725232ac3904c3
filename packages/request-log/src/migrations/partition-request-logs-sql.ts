import { LATENCY_BOUNDARIES_SQL, LATENCY_SLOTS } from '../rollups/latency-histogram';
import { rollupDimensionsSql } from '../rollups/rollup-dimensions-sql';

const RECORD_COLUMNS = `
  id                  text NOT NULL,
  created_at          timestamptz NOT NULL,
  mode                text NOT NULL,
  job_id              text,
  batch_id            text,
  virtual_key_id      text,
  config_id           text,
  config_version      integer,
  endpoint            text NOT NULL,
  requested_model     text NOT NULL,
  served_model        text,
  provider            text,
  status              text NOT NULL,
  http_status         integer NOT NULL,
  error               text,
  attempts            jsonb NOT NULL DEFAULT '[]'::jsonb,
  prompt_tokens       integer NOT NULL DEFAULT 0,
  completion_tokens   integer NOT NULL DEFAULT 0,
  cached_tokens       integer NOT NULL DEFAULT 0,
  cache_write_tokens  integer NOT NULL DEFAULT 0,
  reasoning_tokens    integer NOT NULL DEFAULT 0,
  usage_estimated     boolean NOT NULL DEFAULT false,
  cost_usd            double precision NOT NULL DEFAULT 0,
  saved_usd           double precision NOT NULL DEFAULT 0,
  priced              boolean NOT NULL DEFAULT false,
  latency_ms          double precision NOT NULL,
  ttft_ms             double precision,
  queue_wait_ms       double precision,
  cache               text NOT NULL DEFAULT 'off',
  cache_score         double precision,
  properties          jsonb NOT NULL DEFAULT '{}'::jsonb,
  metadata            jsonb NOT NULL DEFAULT '{}'::jsonb,
  user_id             text,
  session_id          text,
  trace_id            text,
  prompt_id           text,
  prompt_version      integer,
  ip                  text`;

const COLUMN_NAMES = RECORD_COLUMNS.trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/)[0])
  .join(', ');

/**
 * request_logs partitioned by UTC day (docs/request-log.md), bodies in request_log_bodies (partitioned alike, so
 * body retention drops whole partitions too), and the hourly and daily rollups. The unpartitioned table's rows
 * move over, and the rollups are built from them.
 */
export const PARTITION_REQUEST_LOGS_SQL = `
ALTER TABLE request_logs RENAME TO request_logs_unpartitioned;
ALTER TABLE request_logs_unpartitioned RENAME CONSTRAINT request_logs_pkey TO request_logs_unpartitioned_pkey;
DROP INDEX request_logs_created_at_id, request_logs_served_model, request_logs_requested_model, request_logs_provider,
  request_logs_status, request_logs_user, request_logs_properties;

CREATE TABLE request_logs (${RECORD_COLUMNS},
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX request_logs_created_at_id ON request_logs (created_at, id);
CREATE INDEX request_logs_served_model ON request_logs (served_model, created_at, id);
CREATE INDEX request_logs_requested_model ON request_logs (requested_model, created_at, id);
CREATE INDEX request_logs_provider ON request_logs (provider, created_at, id);
CREATE INDEX request_logs_status ON request_logs (status, created_at, id);
CREATE INDEX request_logs_cache ON request_logs (cache, created_at, id);
CREATE INDEX request_logs_user ON request_logs (user_id, created_at, id) WHERE user_id IS NOT NULL;
CREATE INDEX request_logs_virtual_key_id ON request_logs (virtual_key_id, created_at, id);
CREATE INDEX request_logs_properties ON request_logs USING gin (properties jsonb_path_ops);

CREATE TABLE request_log_bodies (
  id            text NOT NULL,
  created_at    timestamptz NOT NULL,
  request_body  jsonb,
  response_body jsonb,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE FUNCTION request_log_create_partitions(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  suffix text := to_char(day, 'YYYYMMDD');
  lower_bound text := to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00';
  upper_bound text := to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00';
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF request_logs FOR VALUES FROM (%L) TO (%L)',
    'request_logs_p' || suffix, lower_bound, upper_bound);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF request_log_bodies FOR VALUES FROM (%L) TO (%L)',
    'request_log_bodies_p' || suffix, lower_bound, upper_bound);
END $$;

SELECT request_log_create_partitions(day)
FROM (SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date AS day FROM request_logs_unpartitioned) AS days;
INSERT INTO request_logs (${COLUMN_NAMES}) SELECT ${COLUMN_NAMES} FROM request_logs_unpartitioned;
INSERT INTO request_log_bodies (id, created_at, request_body, response_body)
  SELECT id, created_at, request_body, response_body FROM request_logs_unpartitioned
  WHERE request_body IS NOT NULL OR response_body IS NOT NULL;
DROP TABLE request_logs_unpartitioned;

CREATE TABLE request_log_rollups (
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
  latency_histogram integer[] NOT NULL,
  CONSTRAINT request_log_rollups_key UNIQUE NULLS NOT DISTINCT (span, dimension, bucket, virtual_key_id, value)
);

CREATE FUNCTION request_log_dense_histogram(slots integer[], counts bigint[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_agg(coalesce(filled.total, 0)::integer ORDER BY slot.index)
  FROM generate_series(0, ${LATENCY_SLOTS - 1}) AS slot(index)
  LEFT JOIN (SELECT item.slot, sum(item.count) AS total FROM unnest(slots, counts) AS item(slot, count) GROUP BY item.slot)
    AS filled ON filled.slot = slot.index
$$;

INSERT INTO request_log_rollups (span, dimension, bucket, virtual_key_id, value, requests, errors, prompt_tokens,
  completion_tokens, cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups, latency_histogram)
SELECT span, dimension, bucket, virtual_key_id, value, sum(requests), sum(errors), sum(prompt_tokens),
  sum(completion_tokens), sum(cached_tokens), sum(cost_usd), sum(saved_usd), sum(cache_hits), sum(cache_lookups),
  request_log_dense_histogram(array_agg(slot), array_agg(requests))
FROM (
  SELECT spans.span, dimensions.dimension,
         date_trunc(spans.span, logged.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
         CASE WHEN dimensions.dimension = '' THEN logged.virtual_key_id END AS virtual_key_id, dimensions.value,
         width_bucket(logged.latency_ms, ${LATENCY_BOUNDARIES_SQL}) AS slot,
         count(*) AS requests, count(*) FILTER (WHERE logged.status = 'error') AS errors,
         sum(logged.prompt_tokens) AS prompt_tokens, sum(logged.completion_tokens) AS completion_tokens,
         sum(logged.cached_tokens) AS cached_tokens, sum(logged.cost_usd) AS cost_usd, sum(logged.saved_usd) AS saved_usd,
         count(*) FILTER (WHERE logged.cache IN ('hit-exact', 'hit-semantic')) AS cache_hits,
         count(*) FILTER (WHERE logged.cache <> 'off') AS cache_lookups
  FROM request_logs AS logged
  CROSS JOIN (VALUES ('hour'), ('day')) AS spans(span)
  CROSS JOIN LATERAL (${rollupDimensionsSql('logged')}) AS dimensions
  GROUP BY 1, 2, 3, 4, 5, 6
) AS per_slot
GROUP BY span, dimension, bucket, virtual_key_id, value;
`;
