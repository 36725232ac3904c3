import type { SqlDatabase } from '@sluice/database';
import { isoTime } from '../iso-time';

/** One immutable version of a stored config or prompt. */
export interface VersionedDocument {
  id: string;
  version: number;
  document: unknown;
  /** Set when this version was made by rolling back to an earlier one. */
  rolledBackFrom: number | null;
  createdAt: string;
}

export type VersionedTable = 'stored_configs' | 'stored_prompts';

interface DocumentRow {
  id: string;
  version: number;
  document: unknown;
  rolled_back_from: number | null;
  created_at: unknown;
}

const COLUMNS = 'id, version, document, rolled_back_from, created_at';

/**
 * Append-only versions of documents (configs, prompts) by id. The latest version is the live one; rolling back
 * appends a copy of an earlier version, so history is never rewritten.
 */
export class VersionedDocumentStore {
  constructor(
    private readonly database: SqlDatabase,
    private readonly table: VersionedTable,
  ) {}

  async append(id: string, document: unknown, rolledBackFrom: number | null = null): Promise<VersionedDocument> {
    return this.database.transaction(async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.table}:${id}`]);
      const { rows } = await transaction.query<DocumentRow>(
        `INSERT INTO ${this.table} (id, version, document, rolled_back_from)
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2::jsonb, $3 FROM ${this.table} WHERE id = $1
         RETURNING ${COLUMNS}`,
        [id, JSON.stringify(document), rolledBackFrom],
      );
      return fromRow(rows[0] as DocumentRow);
    });
  }

  async latest(id: string): Promise<VersionedDocument | undefined> {
    const { rows } = await this.database.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1 ORDER BY version DESC LIMIT 1`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async version(id: string, version: number): Promise<VersionedDocument | undefined> {
    const { rows } = await this.database.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1 AND version = $2`,
      [id, version],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async versions(id: string): Promise<VersionedDocument[]> {
    const { rows } = await this.database.query<DocumentRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1 ORDER BY version`,
      [id],
    );
    return rows.map(fromRow);
  }

  /** Deletes every version of a document; returns how many there were. */
  async remove(id: string): Promise<number> {
    const { rows } = await this.database.query<{ version: number }>(
      `DELETE FROM ${this.table} WHERE id = $1 RETURNING version`,
      [id],
    );
    return rows.length;
  }

  /** The latest version of every id. */
  async allLatest(): Promise<VersionedDocument[]> {
    const { rows } = await this.database.query<DocumentRow>(
      `SELECT DISTINCT ON (id) ${COLUMNS} FROM ${this.table} ORDER BY id, version DESC`,
    );
    return rows.map(fromRow);
  }
}

function fromRow(row: DocumentRow): VersionedDocument {
  return {
    id: row.id,
    version: Number(row.version),
    document: typeof row.document === 'string' ? JSON.parse(row.document) : row.document,
    rolledBackFrom: row.rolled_back_from === null ? null : Number(row.rolled_back_from),
    createdAt: isoTime(row.created_at),
  };
}
