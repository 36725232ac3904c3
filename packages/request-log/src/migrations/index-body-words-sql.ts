/**
 * The words of the string values in a row's request and response bodies (PostgreSQL full-text search, `simple`
 * configuration: lower-cased, no stemming, any language), as the expression the body-words index is built on. A
 * search must use this exact expression for the planner to use the index.
 */
export const BODY_WORDS_SQL = `(jsonb_to_tsvector('simple'::regconfig, coalesce(request_body, 'null'::jsonb), '["string"]'::jsonb) || jsonb_to_tsvector('simple'::regconfig, coalesce(response_body, 'null'::jsonb), '["string"]'::jsonb))`;

/**
 * A GIN index over the words of the bodies' string values, searched by `GET /v1/logs?search=` (docs/request-log.md).
 * Only strings are indexed (not keys, numbers or structure), and `fastupdate` batches a row's new entries in the
 * index's pending list, so a logged 45 KB body costs one tokenisation and an append, not a GIN tree update per word.
 * Built on the partitioned parent, so every day partition has it.
 */
export const INDEX_BODY_WORDS_SQL = `
CREATE INDEX request_log_bodies_words ON request_log_bodies USING gin (${BODY_WORDS_SQL}) WITH (fastupdate = on);
`;
