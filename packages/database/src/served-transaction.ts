import type { SqlDatabase, SqlExecutor } from './sql-database';

type Decision = 'commit' | 'rollback';

/** A client's transaction, held open on the database until the client commits or rolls it back. */
export interface ServedTransaction {
  /** Resolves with the transaction's executor once it has begun; rejects when it could not begin. */
  readonly started: Promise<SqlExecutor>;
  /** Ends the transaction; resolves once it is committed or rolled back, rejects when that failed. */
  finish(decision: Decision): Promise<void>;
}

class RolledBack extends Error {}

/**
 * Begins a transaction through `database.transaction`, whose work waits for the client's decision: it
 * returns to commit and throws to roll back, so each engine keeps its own BEGIN/COMMIT/ROLLBACK handling
 * (PGlite holds its lock for the whole transaction; PostgreSQL holds one pooled connection).
 */
export function beginServedTransaction(database: SqlDatabase): ServedTransaction {
  let decide: (decision: Decision) => void = () => undefined;
  const decided = new Promise<Decision>((resolve) => {
    decide = resolve;
  });
  let begun: (executor: SqlExecutor) => void = () => undefined;
  const executor = new Promise<SqlExecutor>((resolve) => {
    begun = resolve;
  });
  const ended = database.transaction(async (transaction) => {
    begun(transaction);
    if ((await decided) === 'rollback') throw new RolledBack('rolled back by the client');
  });
  const endedEarly = ended.then(() => {
    throw new Error('the transaction ended before it began');
  });
  return {
    started: Promise.race([executor, endedEarly]),
    async finish(decision) {
      decide(decision);
      try {
        await ended;
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
      }
    },
  };
}
