import type { Migration } from '@sluice/database';

const CREATE_VIRTUAL_KEYS = `
CREATE TABLE virtual_keys (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  key_hash         text NOT NULL UNIQUE,
  key_hint         text NOT NULL,
  config           text,
  allowed_models   jsonb NOT NULL DEFAULT '[]'::jsonb,
  allowed_configs  jsonb NOT NULL DEFAULT '[]'::jsonb,
  rate_limit       text,
  budget           jsonb,
  ip_allowlist     jsonb NOT NULL DEFAULT '[]'::jsonb,
  expires_at       timestamptz,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
`;

const CREATE_PROVIDER_KEYS = `
CREATE TABLE provider_keys (
  provider    text PRIMARY KEY,
  sealed_key  text NOT NULL,
  version     integer NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
`;

const versionedTable = (table: string) => `
CREATE TABLE ${table} (
  id                  text NOT NULL,
  version             integer NOT NULL,
  document            jsonb NOT NULL,
  rolled_back_from    integer,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
`;

/** Virtual keys (hashes only), sealed provider keys, and the versioned stored configs and prompts. */
export const GOVERNANCE_MIGRATIONS: readonly Migration[] = [
  { id: 'governance/001-create-virtual-keys', sql: CREATE_VIRTUAL_KEYS },
  { id: 'governance/002-create-provider-keys', sql: CREATE_PROVIDER_KEYS },
  { id: 'governance/003-create-stored-configs', sql: versionedTable('stored_configs') },
  { id: 'governance/004-create-stored-prompts', sql: versionedTable('stored_prompts') },
];
