/**
 * The translated request body's earlier turns stored once a day as the sent body's are (docs/request-log.md):
 * `request_log_bodies.translated_request_turns`, the hashes of its earlier turns in order, 16 bytes each, named in
 * the same request_log_turns (so retention drops them with the day's bodies), where the stored translated body keeps
 * only the newest. request_log_request_body(translated_request_body, translated_request_turns, created_at) gives it
 * back whole; one stored before (translated_request_turns null) is returned as it is. Adding a nullable column
 * rewrites nothing.
 */
export const STORE_TRANSLATED_TURNS_ONCE_SQL = `
ALTER TABLE request_log_bodies ADD COLUMN translated_request_turns bytea;
`;
