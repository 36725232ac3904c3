import { BODY_WORDS_FUNCTION, BODY_WORDS_SQL, NEWEST_TURN_WORDS_SQL } from './index-body-words-sql';

/**
 * The body words (docs/request-log.md) narrowed to the response's answer: the string values of its `choices` (OpenAI
 * chat and completions), `content` (Anthropic), `output` (Responses) or `candidates` (Gemini), or of the whole
 * response when it has none of them (embeddings, images, audio, errors…), beside the request's newest turn as before.
 * The envelope every answer carries (its id, object, model, fingerprint, service tier) was half of a chat row's
 * words and half of the index's cost a row: ~95 → ~48 µs on PGlite, ~34 → ~23 on PostgreSQL (BENCHMARKS.md, notes:
 * pglite4). The index is built again over the bodies already stored, in the migration transaction: a one-off
 * proportional to them.
 */
export const INDEX_ANSWER_WORDS_SQL = `
DROP INDEX request_log_bodies_words;

CREATE OR REPLACE FUNCTION ${BODY_WORDS_FUNCTION}(request_body jsonb, response_body jsonb) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ${NEWEST_TURN_WORDS_SQL}
    || jsonb_to_tsvector('simple'::regconfig, coalesce(CASE
      WHEN jsonb_typeof(response_body -> 'choices') = 'array' THEN response_body -> 'choices'
      WHEN jsonb_typeof(response_body -> 'content') = 'array' THEN response_body -> 'content'
      WHEN jsonb_typeof(response_body -> 'output') = 'array' THEN response_body -> 'output'
      WHEN jsonb_typeof(response_body -> 'candidates') = 'array' THEN response_body -> 'candidates'
      ELSE response_body
    END, 'null'::jsonb), '["string"]'::jsonb)
$$;

CREATE INDEX request_log_bodies_words ON request_log_bodies USING gin (${BODY_WORDS_SQL}) WITH (fastupdate = on);
`;
