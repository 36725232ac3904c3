import type { SqlExecutor } from '@sluice/database';
import { COPY_STAGING_SQL, CREATE_STAGING_SQL, copyText } from './request-log-copy';
import { INSERT_ROWS_SQL, INSERT_STAGED_ROWS_SQL, rowsParameters } from './request-log-row';

/**
 * Inserts rows (as rowObject gives them) and their bodies inside the caller's transaction, returning the ids
 * inserted now: through COPY into a staging table where the engine takes COPY from a client (PostgreSQL), else as
 * JSON parameters of bounded size, one statement each (PGlite). Either way INSERT … ON CONFLICT DO NOTHING decides
 * what is new.
 */
export async function insertRowObjects(
  transaction: SqlExecutor,
  rows: readonly Record<string, unknown>[],
): Promise<{ rows: { id: string }[] }> {
  if (transaction.copyFrom === undefined) {
    const inserted: { id: string }[] = [];
    for (const parameter of rowsParameters(rows)) {
      inserted.push(...(await transaction.query<{ id: string }>(INSERT_ROWS_SQL, [parameter])).rows);
    }
    return { rows: inserted };
  }
  await transaction.query(CREATE_STAGING_SQL);
  await transaction.copyFrom(COPY_STAGING_SQL, copyText(rows));
  return transaction.query<{ id: string }>(INSERT_STAGED_ROWS_SQL);
}
