import type { QueryResult, SqlDatabase, SqlExecutor } from '@sluice/database';

/** A database that remembers the last statement run through it, so the bench can EXPLAIN what a reader ran. */
export class RecordingDatabase implements SqlDatabase {
  last: { sql: string; params: readonly unknown[] } | undefined;

  constructor(private readonly database: SqlDatabase) {}

  get kind() {
    return this.database.kind;
  }

  query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    this.last = { sql, params };
    return this.database.query<Row>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.database.exec(sql);
  }

  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
    return this.database.transaction(work);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
