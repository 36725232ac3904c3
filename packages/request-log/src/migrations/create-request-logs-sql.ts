/** The first schema: one unpartitioned table (migration 002 partitions it). */
export const CREATE_REQUEST_LOGS_SQL = `
CREATE TABLE request_logs (
  id                  text PRIMARY KEY,
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
  ip                  text,
  request_body        jsonb,
  response_body       jsonb
);
CREATE INDEX request_logs_created_at_id ON request_logs (created_at, id);
CREATE INDEX request_logs_served_model ON request_logs (served_model, created_at);
CREATE INDEX request_logs_requested_model ON request_logs (requested_model, created_at);
CREATE INDEX request_logs_provider ON request_logs (provider, created_at);
CREATE INDEX request_logs_status ON request_logs (status, created_at);
CREATE INDEX request_logs_user ON request_logs (user_id, created_at) WHERE user_id IS NOT NULL;
CREATE INDEX request_logs_properties ON request_logs USING gin (properties jsonb_path_ops);
`;
