import type { SqlDatabase } from '@sluice/database';
import { InvalidRequestError } from '@sluice/errors';
import { isoTime } from '../iso-time';
import type { MasterKeys } from './master-key';
import { openSealedSecret, SealedValueError, sealSecret } from './vault-cipher';

/** What the admin API shows of a stored provider key: never the key, only its last characters. */
export interface ProviderKeyView {
  provider: string;
  object: 'provider_key';
  hint: string;
  version: number;
  updated_at: string;
}

interface ProviderKeyRow {
  provider: string;
  sealed_key: string;
  version: number;
  updated_at: unknown;
}

/**
 * Provider API keys stored sealed (AES-256-GCM under SLUICE_MASTER_KEY); opened only in memory, only when used.
 * During a master-key rotation the previous key still opens what it sealed, until `resealUnderCurrentKey` has sealed
 * every stored key again under the current one.
 */
export class ProviderKeyVault {
  constructor(
    private readonly database: SqlDatabase,
    private readonly masterKeys: MasterKeys,
  ) {}

  /** Sets or rotates a provider's key; the version counts rotations. */
  async set(provider: string, apiKey: string): Promise<ProviderKeyView> {
    const sealed = sealSecret(apiKey, this.currentKey(), provider);
    const { rows } = await this.database.query<ProviderKeyRow>(
      `INSERT INTO provider_keys (provider, sealed_key, version, updated_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (provider) DO UPDATE SET sealed_key = EXCLUDED.sealed_key, version = provider_keys.version + 1, updated_at = now()
       RETURNING provider, sealed_key, version, updated_at`,
      [provider, sealed],
    );
    return viewOf(rows[0] as ProviderKeyRow, apiKey);
  }

  async remove(provider: string): Promise<boolean> {
    const { rows } = await this.database.query('DELETE FROM provider_keys WHERE provider = $1 RETURNING provider', [
      provider,
    ]);
    return rows.length > 0;
  }

  async list(): Promise<ProviderKeyView[]> {
    const rows = await this.rows();
    return rows.map((row) => viewOf(row, this.open(row)));
  }

  /** Every stored key, opened: what workers cache. */
  async openAll(): Promise<Map<string, string>> {
    const rows = await this.rows();
    return new Map(rows.map((row) => [row.provider, this.open(row)]));
  }

  /** Fails fast at start when keys are stored but this process cannot open them. */
  async verify(): Promise<void> {
    const rows = await this.rows();
    if (rows.length === 0) return;
    if (this.masterKeys.current === undefined) {
      throw new InvalidRequestError(
        'provider keys are stored in the database: set SLUICE_MASTER_KEY to the key that sealed them',
        {
          param: 'SLUICE_MASTER_KEY',
          code: 'master_key_required',
        },
      );
    }
    for (const row of rows) this.open(row);
  }

  /**
   * Seals again under the current master key every stored key that only the previous one opens, and returns how
   * many. Safe to run from several processes at once: a row changes only if it still holds what was read.
   */
  async resealUnderCurrentKey(): Promise<number> {
    const previous = this.masterKeys.previous;
    if (previous === undefined) return 0;
    const current = this.currentKey();
    let resealed = 0;
    for (const row of await this.rows()) {
      if (opensWith(row, current)) continue;
      const apiKey = this.open(row);
      const { rows } = await this.database.query(
        'UPDATE provider_keys SET sealed_key = $2 WHERE provider = $1 AND sealed_key = $3 RETURNING provider',
        [row.provider, sealSecret(apiKey, current, row.provider), row.sealed_key],
      );
      resealed += rows.length;
    }
    return resealed;
  }

  private async rows(): Promise<ProviderKeyRow[]> {
    const { rows } = await this.database.query<ProviderKeyRow>(
      'SELECT provider, sealed_key, version, updated_at FROM provider_keys ORDER BY provider',
    );
    return rows;
  }

  private open(row: ProviderKeyRow): string {
    const { previous } = this.masterKeys;
    for (const key of previous === undefined ? [this.currentKey()] : [this.currentKey(), previous]) {
      try {
        return openSealedSecret(row.sealed_key, key, row.provider);
      } catch (error) {
        if (!(error instanceof SealedValueError)) throw error;
      }
    }
    const tried =
      previous === undefined
        ? 'SLUICE_MASTER_KEY does'
        : 'Neither SLUICE_MASTER_KEY nor SLUICE_MASTER_KEY_PREVIOUS does';
    throw new InvalidRequestError(
      `${tried} not open the stored key of provider "${row.provider}": it was sealed with another master key`,
      {
        param: 'SLUICE_MASTER_KEY',
        code: 'master_key_mismatch',
      },
    );
  }

  private currentKey(): Buffer {
    if (this.masterKeys.current === undefined) {
      throw new InvalidRequestError(
        'SLUICE_MASTER_KEY is not set: provider keys cannot be stored or used until it is',
        {
          param: 'SLUICE_MASTER_KEY',
          code: 'master_key_required',
        },
      );
    }
    return this.masterKeys.current;
  }
}

function opensWith(row: ProviderKeyRow, key: Buffer): boolean {
  try {
    openSealedSecret(row.sealed_key, key, row.provider);
    return true;
  } catch (error) {
    if (error instanceof SealedValueError) return false;
    throw error;
  }
}

function viewOf(row: ProviderKeyRow, apiKey: string): ProviderKeyView {
  return {
    provider: row.provider,
    object: 'provider_key',
    hint: hintOf(apiKey),
    version: Number(row.version),
    updated_at: isoTime(row.updated_at),
  };
}

/** The last four characters, and only for keys long enough that four give nothing away. */
function hintOf(apiKey: string): string {
  return apiKey.length >= 16 ? `…${apiKey.slice(-4)}` : '…';
}
