import type { PortedError } from './database-port-messages';

const POSTGRES_FIELDS = [
  'severity',
  'code',
  'detail',
  'hint',
  'position',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
] as const;

/** Flattens an error raised by the database for the port, keeping PostgreSQL's fields that are present. */
export function toPortedError(error: unknown): PortedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const ported: PortedError = { name: error.name, message: error.message };
  const fields = error as Error & Partial<Record<(typeof POSTGRES_FIELDS)[number], unknown>>;
  for (const field of POSTGRES_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') ported[field] = value;
  }
  return ported;
}

/**
 * An error the database raised in the thread that owns it, re-thrown on this side of the port with the same
 * name, message and PostgreSQL fields (`code` is the SQLSTATE, e.g. 23505 for a unique violation).
 */
export class PortedDatabaseError extends Error {
  readonly severity: string | undefined;
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: string | undefined;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly dataType: string | undefined;
  readonly constraint: string | undefined;

  constructor(ported: PortedError) {
    super(ported.message);
    this.name = ported.name;
    this.severity = ported.severity;
    this.code = ported.code;
    this.detail = ported.detail;
    this.hint = ported.hint;
    this.position = ported.position;
    this.where = ported.where;
    this.schema = ported.schema;
    this.table = ported.table;
    this.column = ported.column;
    this.dataType = ported.dataType;
    this.constraint = ported.constraint;
  }
}
