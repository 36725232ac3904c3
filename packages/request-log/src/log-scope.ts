import type { SqlParameters } from './sql-parameters';

/**
 * Whose rows a read may see (docs/tenancy-and-upstream-validation.md): one virtual key's own requests, or every
 * row when `virtualKeyId` is undefined (the admin token, development mode).
 */
export interface LogScope {
  virtualKeyId: string | undefined;
}

/** Every row: what the admin and an open gateway read. */
export const ALL_ROWS: LogScope = { virtualKeyId: undefined };

/** The WHERE condition that keeps a read within its scope; none for every row. */
export function scopeConditions(scope: LogScope, params: SqlParameters): string[] {
  return scope.virtualKeyId === undefined ? [] : [`virtual_key_id = ${params.add(scope.virtualKeyId)}`];
}
