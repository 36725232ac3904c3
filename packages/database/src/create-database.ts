import { createPgliteDatabase } from './create-pglite-database';
import { createPostgresDatabase } from './create-postgres-database';
import type { SqlDatabase } from './sql-database';

export interface DatabaseOptions {
  /** DATABASE_URL: PostgreSQL when set. */
  databaseUrl?: string | undefined;
  /** SLUICE_DATA_DIR: where embedded PGlite keeps its files when no URL is set. */
  dataDir: string;
  connectTimeoutMs?: number;
  maxConnections?: number;
  onIdleError?: (error: Error) => void;
}

/** PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite persisted under `${dataDir}/pglite`. */
export function createDatabase(options: DatabaseOptions): Promise<SqlDatabase> {
  if (options.databaseUrl !== undefined && options.databaseUrl.trim() !== '') {
    return createPostgresDatabase({
      url: options.databaseUrl,
      connectTimeoutMs: options.connectTimeoutMs,
      maxConnections: options.maxConnections,
      onIdleError: options.onIdleError,
    });
  }
  return createPgliteDatabase({ dataDir: options.dataDir });
}
