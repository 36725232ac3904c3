export { createDatabase, type DatabaseOptions } from './create-database';
export { createPgliteDatabase, type PgliteDatabaseOptions } from './create-pglite-database';
export { createPostgresDatabase, type PostgresDatabaseOptions } from './create-postgres-database';
export { describeDatabaseUrl } from './describe-database-url';
export { type Migration, migrate } from './migrate';
export { MigrationError } from './migration-error';
export type { DatabaseKind, QueryResult, SqlDatabase, SqlExecutor } from './sql-database';
