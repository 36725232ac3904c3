import type { Migration } from '@sluice/database';

/**
 * Stored responses (`store: true`), each visible only to the owner (virtual key) that made it, and their input and
 * output items by id, for `item_reference` inputs.
 */
const CREATE_RESPONSES = `
CREATE TABLE responses (
  id                    text PRIMARY KEY,
  owner                 text NOT NULL,
  previous_response_id  text,
  input_items           jsonb NOT NULL,
  response              jsonb NOT NULL,
  background            jsonb,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responses_created_at ON responses (created_at);
CREATE TABLE response_items (
  id           text NOT NULL,
  response_id  text NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  owner        text NOT NULL,
  item         jsonb NOT NULL,
  PRIMARY KEY (id, response_id)
);
CREATE INDEX response_items_id ON response_items (id);
`;

export const RESPONSES_MIGRATIONS: readonly Migration[] = [
  { id: 'responses/001-create-responses', sql: CREATE_RESPONSES },
];
