/** The rows a statement returned. */
export interface QueryResult<Row> {
  rows: Row[];
}

/** What runs SQL: the database itself, or one transaction of it. */
export interface SqlExecutor {
  /** One statement with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** A script of one or more statements, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Streams rows in PostgreSQL's COPY text format to a `COPY … FROM STDIN` statement; absent where the engine has
   * no COPY from a client stream (PGlite, a database served over a port), so callers keep another way to write.
   */
  copyFrom?(sql: string, text: string): Promise<void>;
}

/** Which engine answers: a PostgreSQL server, or embedded PGlite (PostgreSQL compiled to WebAssembly). */
export type DatabaseKind = 'postgres' | 'pglite';

/** The one database interface every package uses; PostgreSQL and PGlite both implement it. */
export interface SqlDatabase extends SqlExecutor {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
