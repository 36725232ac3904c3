import { type BodyWithTurns, TURNS_OF_BODY } from '../turns/split-turns';

/**
 * A conversation's turns stored once a day (docs/request-log.md): `request_log_turns`, partitioned by day like the
 * bodies and keyed by the turn's hash (turns/split-turns.ts), and `request_log_bodies.request_turns`, the hashes of a
 * request's earlier turns in order, 16 bytes each, where its stored body keeps only the newest. The partition
 * function now creates a day's turns partition with its rows' and bodies', and every day that has bodies gets one.
 * request_log_request_body(request_body, request_turns, created_at) gives the body back whole; a body stored before
 * (request_turns null) is returned as it is.
 */
export const STORE_TURNS_ONCE_SQL = `
ALTER TABLE request_log_bodies ADD COLUMN request_turns bytea;

CREATE TABLE request_log_turns (
  day  date NOT NULL,
  hash bytea NOT NULL,
  turn jsonb NOT NULL,
  PRIMARY KEY (day, hash)
) PARTITION BY RANGE (day);

CREATE OR REPLACE FUNCTION request_log_create_partitions(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  suffix text := to_char(day, 'YYYYMMDD');
  lower_bound text := to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00';
  upper_bound text := to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00';
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF request_logs FOR VALUES FROM (%L) TO (%L)',
    'request_logs_p' || suffix, lower_bound, upper_bound);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF request_log_bodies FOR VALUES FROM (%L) TO (%L)',
    'request_log_bodies_p' || suffix, lower_bound, upper_bound);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF request_log_turns FOR VALUES FROM (%L) TO (%L)',
    'request_log_turns_p' || suffix, to_char(day, 'YYYY-MM-DD'), to_char(day + 1, 'YYYY-MM-DD'));
END $$;

SELECT request_log_create_partitions(to_date(substring(child.relname FROM '(\\d{8})$'), 'YYYYMMDD'))
FROM pg_inherits
JOIN pg_class AS child ON child.oid = pg_inherits.inhrelid
JOIN pg_class AS parent ON parent.oid = pg_inherits.inhparent
WHERE parent.relname = 'request_log_bodies';

CREATE FUNCTION request_log_request_body(request_body jsonb, request_turns bytea, created_at timestamptz)
RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN request_turns IS NULL THEN request_body ELSE jsonb_set(request_body, ARRAY[conversation.key],
    coalesce((SELECT jsonb_agg(stored.turn ORDER BY at)
      FROM generate_series(0, length(request_turns) / 16 - 1) AS at
      JOIN request_log_turns AS stored ON stored.day = (created_at AT TIME ZONE 'UTC')::date
        AND stored.hash = substring(request_turns FROM at * 16 + 1 FOR 16)), '[]'::jsonb)
      || (request_body -> conversation.key)) END
  FROM (SELECT CASE
      WHEN jsonb_typeof(request_body -> 'messages') = 'array' THEN 'messages'
      WHEN jsonb_typeof(request_body -> 'contents') = 'array' THEN 'contents'
      ELSE 'input'
    END AS key) AS conversation
$$;
`;

/**
 * A request body given back whole — the one the client sent, or its translation — from a request_log_bodies row (of
 * the relation named `table`, if given): its earlier turns put back from request_log_turns.
 */
export function requestBodySql(body: BodyWithTurns, table?: string): string {
  const column = (name: string) => (table === undefined ? name : `${table}.${name}`);
  return `request_log_request_body(${column(body)}, ${column(TURNS_OF_BODY[body])}, ${column('created_at')})`;
}
