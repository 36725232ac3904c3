/**
 * Rerank searches billed per request (docs/request-log.md), priced per search like tokens per token. Added to the
 * partitioned parent, so every day partition has it.
 */
export const ADD_SEARCH_UNITS_SQL = `
ALTER TABLE request_logs ADD COLUMN search_units integer NOT NULL DEFAULT 0;
`;
