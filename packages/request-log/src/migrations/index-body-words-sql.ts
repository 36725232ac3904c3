/**
 * The words a search finds a row by (docs/request-log.md): the string values of the request's newest turn — the last
 * of its `messages` (OpenAI, Anthropic), `contents` (Gemini) or `input` items (Responses), or the whole request when
 * it has no turns — and of the response's answer (migration 011, index-answer-words-sql.ts; this one indexed the
 * whole response), in PostgreSQL full-text form (`simple` configuration: lower-cased, no stemming, any language). A
 * conversation's earlier turns, which an agent resends in every request, are found in the rows where they were the
 * newest: indexing them again in every row would tokenise 45 KB per request.
 */
export const BODY_WORDS_FUNCTION = 'request_log_body_words';

/** The expression the body-words index is built on; a search must use it as it is for the index to serve it. */
export const BODY_WORDS_SQL = `${BODY_WORDS_FUNCTION}(request_body, response_body)`;

/** The words of the request's newest turn (or of the whole request when it has no turns), as a tsvector. */
export const NEWEST_TURN_WORDS_SQL = `jsonb_to_tsvector('simple'::regconfig, coalesce(CASE
      WHEN jsonb_typeof(request_body -> 'messages') = 'array' THEN request_body -> 'messages' -> -1
      WHEN jsonb_typeof(request_body -> 'contents') = 'array' THEN request_body -> 'contents' -> -1
      WHEN jsonb_typeof(request_body -> 'input' -> -1) = 'object' THEN request_body -> 'input' -> -1
      ELSE request_body
    END, 'null'::jsonb), '["string"]'::jsonb)`;

/**
 * The function and a GIN index on it, on the partitioned parent so every day partition has it. `fastupdate` appends
 * a row's entries to the index's pending list, merged into the tree in bulk.
 */
export const INDEX_BODY_WORDS_SQL = `
CREATE FUNCTION ${BODY_WORDS_FUNCTION}(request_body jsonb, response_body jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ${NEWEST_TURN_WORDS_SQL}
    || jsonb_to_tsvector('simple'::regconfig, coalesce(response_body, 'null'::jsonb), '["string"]'::jsonb)
$$;

CREATE INDEX request_log_bodies_words ON request_log_bodies USING gin (${BODY_WORDS_SQL}) WITH (fastupdate = on);
`;
