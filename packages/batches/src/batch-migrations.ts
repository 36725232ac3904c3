import type { Migration } from '@sluice/database';

const CREATE_FILES = `
CREATE TABLE files (
  id          text PRIMARY KEY,
  purpose     text NOT NULL,
  filename    text NOT NULL,
  bytes       bigint NOT NULL DEFAULT 0,
  status      text NOT NULL,
  owner       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_created_at ON files (created_at, id);
CREATE TABLE file_chunks (
  file_id  text NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  data     bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
);
`;

const CREATE_BATCHES = `
CREATE TABLE batches (
  id                 text PRIMARY KEY,
  status             text NOT NULL,
  owner              text NOT NULL,
  endpoint           text NOT NULL,
  input_file_id      text NOT NULL,
  completion_window  text NOT NULL,
  metadata           jsonb,
  context            jsonb NOT NULL,
  config_header      text,
  idempotency_key    text UNIQUE,
  errors             jsonb,
  output_file_id     text,
  error_file_id      text,
  total              integer NOT NULL DEFAULT 0,
  completed          integer NOT NULL DEFAULT 0,
  failed             integer NOT NULL DEFAULT 0,
  enqueued           integer NOT NULL DEFAULT 0,
  next_line          integer NOT NULL DEFAULT 0,
  input_tokens       bigint NOT NULL DEFAULT 0,
  output_tokens      bigint NOT NULL DEFAULT 0,
  lease_owner        text,
  lease_until        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz NOT NULL,
  in_progress_at     timestamptz,
  finalizing_at      timestamptz,
  completed_at       timestamptz,
  failed_at          timestamptz,
  expired_at         timestamptz,
  cancelling_at      timestamptz,
  cancelled_at       timestamptz
);
CREATE INDEX batches_created_at ON batches (created_at, id);
CREATE INDEX batches_active ON batches (created_at) WHERE status IN ('validating', 'in_progress', 'finalizing', 'cancelling');
CREATE TABLE batch_results (
  batch_id  text NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  line      integer NOT NULL,
  ok        boolean NOT NULL,
  output    text NOT NULL,
  PRIMARY KEY (batch_id, line)
);
`;

/**
 * Owners are the virtual key that created a file or batch, or `_` (open gateway, admin).
 * Files (content in chunks, so nothing is ever read whole), batches with their progress and lease, and each
 * batch's line results until they are written to its output and error files.
 */
export const BATCH_MIGRATIONS: readonly Migration[] = [
  { id: 'batches/001-create-files', sql: CREATE_FILES },
  { id: 'batches/002-create-batches', sql: CREATE_BATCHES },
];
