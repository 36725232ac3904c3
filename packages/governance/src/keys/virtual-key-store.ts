import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '@sluice/database';
import { isoTime, isoTimeOrNull } from '../iso-time';
import {
  type Budget,
  BudgetSchema,
  type VirtualKey,
  type VirtualKeyCreate,
  type VirtualKeyUpdate,
} from './virtual-key-schemas';
import { generateVirtualKey } from './virtual-key-secret';

interface VirtualKeyRow {
  id: string;
  name: string;
  key_hash: string;
  key_hint: string;
  config: string | null;
  allowed_models: unknown;
  allowed_configs: unknown;
  rate_limit: string | null;
  budget: unknown;
  ip_allowlist: unknown;
  expires_at: unknown;
  revoked_at: unknown;
  created_at: unknown;
  updated_at: unknown;
}

const COLUMNS =
  'id, name, key_hash, key_hint, config, allowed_models, allowed_configs, rate_limit, budget, ip_allowlist, expires_at, revoked_at, created_at, updated_at';

/** Column name of each updatable setting. */
const UPDATABLE = {
  name: 'name',
  config: 'config',
  allowed_models: 'allowed_models',
  allowed_configs: 'allowed_configs',
  rate_limit: 'rate_limit',
  budget: 'budget',
  ip_allowlist: 'ip_allowlist',
  expires_at: 'expires_at',
} as const;
const JSON_COLUMNS = new Set(['allowed_models', 'allowed_configs', 'budget', 'ip_allowlist']);
const LIST_COLUMNS = new Set(['allowed_models', 'allowed_configs', 'ip_allowlist']);

/** Virtual keys in the database. Only the SHA-256 hash of a key is stored; the key itself is returned once. */
export class VirtualKeyStore {
  constructor(private readonly database: SqlDatabase) {}

  async create(settings: VirtualKeyCreate): Promise<{ key: string; record: VirtualKey }> {
    const secret = generateVirtualKey();
    const { rows } = await this.database.query<VirtualKeyRow>(
      `INSERT INTO virtual_keys (id, name, key_hash, key_hint, config, allowed_models, allowed_configs, rate_limit, budget, ip_allowlist, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb, $10::jsonb, $11) RETURNING ${COLUMNS}`,
      [
        `vk_${randomBytes(12).toString('hex')}`,
        settings.name,
        secret.hash,
        secret.hint,
        settings.config ?? null,
        JSON.stringify(settings.allowed_models ?? []),
        JSON.stringify(settings.allowed_configs ?? []),
        settings.rate_limit ?? null,
        settings.budget ? JSON.stringify(settings.budget) : null,
        JSON.stringify(settings.ip_allowlist ?? []),
        settings.expires_at ?? null,
      ],
    );
    return { key: secret.key, record: fromRow(rows[0] as VirtualKeyRow) };
  }

  async update(id: string, changes: VirtualKeyUpdate): Promise<VirtualKey | undefined> {
    const assignments: string[] = [];
    const values: unknown[] = [id];
    for (const [field, column] of Object.entries(UPDATABLE)) {
      const value = changes[field as keyof VirtualKeyUpdate];
      if (value === undefined) continue;
      values.push(columnValue(column, value));
      assignments.push(`${column} = $${values.length}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
    }
    const { rows } = await this.database.query<VirtualKeyRow>(
      `UPDATE virtual_keys SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      values,
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async revoke(id: string): Promise<VirtualKey | undefined> {
    const { rows } = await this.database.query<VirtualKeyRow>(
      `UPDATE virtual_keys SET revoked_at = COALESCE(revoked_at, now()), updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async get(id: string): Promise<VirtualKey | undefined> {
    const { rows } = await this.database.query<VirtualKeyRow>(`SELECT ${COLUMNS} FROM virtual_keys WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async list(): Promise<VirtualKey[]> {
    const { rows } = await this.database.query<VirtualKeyRow>(
      `SELECT ${COLUMNS} FROM virtual_keys ORDER BY created_at, id`,
    );
    return rows.map(fromRow);
  }

  async countAll(): Promise<number> {
    const { rows } = await this.database.query<{ count: unknown }>('SELECT count(*) AS count FROM virtual_keys');
    return Number(rows[0]?.count ?? 0);
  }

  /** Keys that can still authenticate (or be told they expired): everything not revoked. */
  async listUnrevoked(): Promise<VirtualKey[]> {
    const { rows } = await this.database.query<VirtualKeyRow>(
      `SELECT ${COLUMNS} FROM virtual_keys WHERE revoked_at IS NULL`,
    );
    return rows.map(fromRow);
  }
}

function columnValue(column: string, value: unknown): unknown {
  if (value === null) return LIST_COLUMNS.has(column) ? '[]' : null;
  return JSON_COLUMNS.has(column) ? JSON.stringify(value) : value;
}

function fromRow(row: VirtualKeyRow): VirtualKey {
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    keyHint: row.key_hint,
    config: row.config,
    allowedModels: stringList(row.allowed_models),
    allowedConfigs: stringList(row.allowed_configs),
    rateLimit: row.rate_limit,
    budget: budgetOf(row.budget),
    ipAllowlist: stringList(row.ip_allowlist),
    expiresAt: isoTimeOrNull(row.expires_at),
    revokedAt: isoTimeOrNull(row.revoked_at),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

function stringList(value: unknown): string[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

function budgetOf(value: unknown): Budget | null {
  if (value === null || value === undefined) return null;
  const parsed = BudgetSchema.safeParse(typeof value === 'string' ? JSON.parse(value) : value);
  return parsed.success ? parsed.data : null;
}
