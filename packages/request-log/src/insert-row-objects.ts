import type { SqlDatabase, SqlExecutor } from '@sluice/database';
import {
  bodiesCopyText,
  COPY_BODIES_SQL,
  COPY_ROWS_SQL,
  COPY_STAGING_SQL,
  COUNT_LOGGED_SQL,
  type CopyRow,
  CREATE_STAGING_SQL,
  copyRows,
  rowsCopyText,
  sampledKeyParameters,
  stagingCopyText,
} from './request-log-copy';
import { INSERT_ROWS_SQL, INSERT_STAGED_ROWS_SQL } from './request-log-row';
import { rowsParameters } from './rows-parameters';

/**
 * Rows to insert: their COPY text where the engine takes COPY (rowsToInsert), else as rowObject gives them — not both,
 * so a transaction does not hold a batch's row objects alive while it waits.
 */
export type RowsToInsert =
  | { copyRows: readonly CopyRow[] }
  | { rows: readonly Record<string | symbol, unknown>[]; copyRows?: undefined };

/** Rows ready for insertRowObjects: for PostgreSQL their COPY text, made before any transaction opens. */
export function rowsToInsert(
  rows: readonly Record<string | symbol, unknown>[],
  engine: SqlDatabase['kind'],
): RowsToInsert {
  return engine === 'postgres' ? { copyRows: copyRows(rows) } : { rows };
}

/**
 * Inserts rows and their bodies inside the caller's transaction, returning the ids inserted now: through COPY where
 * the engine takes COPY from a client (PostgreSQL), else as JSON parameters of bounded size, one statement each
 * (PGlite, rows-parameters.ts). INSERT … ON CONFLICT DO NOTHING from a staging table decides what is new — or, for a batch expected to
 * be new (`expectNew`, an import) of which the log holds none of a sample of keys (sampledKeyParameters), COPY writes
 * straight into the log, sparing PostgreSQL the staging table, the conflict checks and row-at-a-time inserts; a row
 * logged already that the sample missed, or that another session writes meanwhile, makes that COPY fail (unique
 * violation), and the caller writes the batch again.
 */
export async function insertRowObjects(
  transaction: SqlExecutor,
  toInsert: RowsToInsert,
  options: { expectNew?: boolean } = {},
): Promise<{ rows: { id: string }[] }> {
  const { copyRows } = toInsert;
  if (copyRows === undefined) {
    const inserted: { id: string }[] = [];
    for (const parameters of rowsParameters(toInsert.rows)) {
      inserted.push(...(await transaction.query<{ id: string }>(INSERT_ROWS_SQL, parameters)).rows);
    }
    return { rows: inserted };
  }
  if (transaction.copyFrom === undefined) throw new Error('COPY text given to a database that takes no COPY');
  if (options.expectNew) {
    const { rows } = await transaction.query<{ logged: number }>(COUNT_LOGGED_SQL, sampledKeyParameters(copyRows));
    if (rows[0]?.logged === 0) {
      await transaction.copyFrom(COPY_ROWS_SQL, rowsCopyText(copyRows));
      const bodies = bodiesCopyText(copyRows);
      if (bodies !== '') await transaction.copyFrom(COPY_BODIES_SQL, bodies);
      return { rows: copyRows.map((row) => ({ id: row.id })) };
    }
  }
  await transaction.exec(CREATE_STAGING_SQL);
  await transaction.copyFrom(COPY_STAGING_SQL, stagingCopyText(copyRows));
  return transaction.query<{ id: string }>(INSERT_STAGED_ROWS_SQL);
}
