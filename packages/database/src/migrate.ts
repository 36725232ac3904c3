import { MigrationError } from './migration-error';
import type { SqlDatabase } from './sql-database';

/** One schema change. Ids are global across packages, so prefix them: `request-log/001-create-request-logs`. */
export interface Migration {
  id: string;
  sql: string;
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Applies each migration not yet recorded in `schema_migrations`, in order, once. The run is one transaction
 * that first takes a PostgreSQL advisory lock, so processes starting together wait for each other and the
 * later ones find everything applied. A failure rolls the whole run back. Returns the ids it applied.
 */
export async function migrate(database: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  assertUniqueIds(migrations);
  return database.transaction(async (transaction) => {
    await transaction.query("SELECT pg_advisory_xact_lock(hashtext('sluice:schema_migrations'))");
    await transaction.exec(MIGRATIONS_TABLE);
    const { rows } = await transaction.query<{ id: string }>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => row.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      try {
        await transaction.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(migration.id, error);
      }
      await transaction.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}

function assertUniqueIds(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const migration of migrations) {
    if (seen.has(migration.id)) throw new MigrationError(migration.id, new Error('the id is listed twice'));
    seen.add(migration.id);
  }
}
