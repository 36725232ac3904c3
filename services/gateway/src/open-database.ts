import { BATCH_MIGRATIONS } from '@sluice/batches';
import { type Env, SERVICE_NAMES } from '@sluice/config';
import { createDatabase, migrate, type SqlDatabase } from '@sluice/database';
import { InvalidRequestError } from '@sluice/errors';
import { GOVERNANCE_MIGRATIONS } from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import { REQUEST_LOG_MIGRATIONS } from '@sluice/request-log';
import { RESPONSES_MIGRATIONS } from '@sluice/responses';

/** Every package's migrations, applied in order at start (each once, under an advisory lock). */
export const MIGRATIONS = [
  ...REQUEST_LOG_MIGRATIONS,
  ...GOVERNANCE_MIGRATIONS,
  ...BATCH_MIGRATIONS,
  ...RESPONSES_MIGRATIONS,
];

/**
 * Opens the database this process shares: PostgreSQL from DATABASE_URL, or embedded PGlite — which lives inside one
 * process, so it is only allowed when this process runs every service (`embeddedAllowed`, by default when
 * SLUICE_SERVICES names them all).
 */
export async function openDatabase(
  env: Env,
  logger: Logger,
  embeddedAllowed = env.SLUICE_SERVICES.length === SERVICE_NAMES.length,
): Promise<SqlDatabase> {
  if (env.DATABASE_URL === undefined && !embeddedAllowed) {
    throw new InvalidRequestError(
      'services running in separate processes share one database: set DATABASE_URL (embedded PGlite is for the all-in-one process only)',
      { param: 'DATABASE_URL', code: 'database_required' },
    );
  }
  const database = await createDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.SLUICE_DATA_DIR,
    onIdleError: (error) => logger.warn({ err: error.message }, 'database connection error'),
  });
  await migrate(database, MIGRATIONS);
  return database;
}
