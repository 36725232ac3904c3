import type { SqlDatabase, SqlExecutor } from '@sluice/database';
import { COPY_STAGING_SQL, CREATE_STAGING_SQL, copyText } from './request-log-copy';
import { INSERT_ROWS_SQL, INSERT_STAGED_ROWS_SQL, withBodyValues } from './request-log-row';
import { rowsParameters } from './rows-parameters';

/** Rows (as rowObject gives them) to insert, with their COPY text where the engine takes COPY (rowsToInsert). */
export interface RowsToInsert {
  rows: readonly Record<string | symbol, unknown>[];
  copyText?: string;
}

/** Rows ready for insertRowObjects: for PostgreSQL their COPY text too, made before any transaction opens. */
export function rowsToInsert(
  rows: readonly Record<string | symbol, unknown>[],
  engine: SqlDatabase['kind'],
): RowsToInsert {
  return engine === 'postgres' ? { rows, copyText: copyText(rows.map(withBodyValues)) } : { rows };
}

/**
 * Inserts rows and their bodies inside the caller's transaction, returning the ids inserted now: through COPY into a
 * staging table where the engine takes COPY from a client (PostgreSQL), else as JSON parameters of bounded size, one
 * statement each (PGlite, rows-parameters.ts). Either way INSERT … ON CONFLICT DO NOTHING decides what is new.
 */
export async function insertRowObjects(
  transaction: SqlExecutor,
  toInsert: RowsToInsert,
): Promise<{ rows: { id: string }[] }> {
  if (transaction.copyFrom === undefined || toInsert.copyText === undefined) {
    const inserted: { id: string }[] = [];
    for (const parameters of rowsParameters(toInsert.rows)) {
      inserted.push(...(await transaction.query<{ id: string }>(INSERT_ROWS_SQL, parameters)).rows);
    }
    return { rows: inserted };
  }
  await transaction.exec(CREATE_STAGING_SQL);
  await transaction.copyFrom(COPY_STAGING_SQL, toInsert.copyText);
  return transaction.query<{ id: string }>(INSERT_STAGED_ROWS_SQL);
}
