/**
 * The request as Sluice translated it for the upstream (the canonical OpenAI form) beside the body the client sent,
 * stored only when the two differ: a `/v1/messages`, Gemini or Responses request sent to an account of another
 * dialect (docs/request-log.md).
 */
export const ADD_TRANSLATED_REQUEST_BODY_SQL = `
ALTER TABLE request_log_bodies ADD COLUMN translated_request_body jsonb;
`;
