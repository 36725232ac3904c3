import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import type { PGlite } from '@electric-sql/pglite';
import { UnavailableError } from '@sluice/errors';
import { connectionFailureReason } from './connection-failure-reason';
import { PglitePreparedStatements, type PgliteProtocol } from './pglite-prepared-statements';
import { longTextSerializers } from './pglite-text-parameters';
import type { QueryResult, SqlDatabase, SqlExecutor } from './sql-database';

export interface PgliteDatabaseOptions {
  /** The embedded stores' directory (SLUICE_DATA_DIR); the database lives in its `pglite` folder. */
  dataDir: string;
}

/**
 * PostgreSQL settings for the embedded database: PGlite's default 128 MB of shared buffers is most of an idle
 * gateway's memory, and a gateway's log writes and dashboard reads need far less.
 */
const PGLITE_SETTINGS = ['shared_buffers = 16MB'];

/**
 * Opens (creating on first use) the embedded PGlite database under `${dataDir}/pglite`. PGlite serves one
 * process: only the all-in-one process may use it, never several processes sharing the directory.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions): Promise<SqlDatabase> {
  const directory = join(options.dataDir, 'pglite');
  try {
    await mkdir(directory, { recursive: true });
    // Loaded on first use: PGlite's module costs ~40 MB of memory that a PostgreSQL deployment never needs.
    if (!(await holdsDatabase(directory))) await initializeInChildProcess(directory);
    compileWebAssemblyWithoutOptimizing();
    const { PGlite: EmbeddedPostgres, protocol, parse } = await import('@electric-sql/pglite');
    const database = await EmbeddedPostgres.create(directory, { postgresqlconf: PGLITE_SETTINGS });
    return new PgliteDatabase(database, { protocol, parse });
  } catch (error) {
    throw new UnavailableError(
      `Cannot open the embedded PGlite database in ${directory} (${connectionFailureReason(error)}); ` +
        'check SLUICE_DATA_DIR, or set DATABASE_URL to use PostgreSQL.',
      error,
    );
  }
}

/**
 * Has V8 compile WebAssembly with its baseline compiler (Liftoff) alone, set before PGlite's module is compiled.
 * Optimising PGlite's hot functions (TurboFan, on V8's background threads) takes ~50 MB of compiler memory that malloc
 * keeps in those threads' arenas for good, and ~10 MB of code: ~55 MB of an idle gateway's 330 MB, for ~0.15 ms more
 * CPU per logged request in the log writer (BENCHMARKS.md, 2026-12-06 19:41–21:15). The flag is the process's: any
 * WebAssembly compiled after it (undici's HTTP parser) is compiled the same way.
 */
function compileWebAssemblyWithoutOptimizing(): void {
  setFlagsFromString('--liftoff-only');
}

async function holdsDatabase(directory: string): Promise<boolean> {
  try {
    await access(join(directory, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

/** Creates the database in a child process, so the ~600 MB of WebAssembly memory initdb grows goes with it. */
const INITDB_SCRIPT = `const [url, directory, settings] = process.argv.slice(1);
const { PGlite } = await import(url);
const database = await PGlite.create(directory, { postgresqlconf: JSON.parse(settings) });
await database.close();`;

async function initializeInChildProcess(directory: string): Promise<void> {
  const moduleUrl = import.meta.resolve('@electric-sql/pglite');
  await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    INITDB_SCRIPT,
    moduleUrl,
    directory,
    JSON.stringify(PGLITE_SETTINGS),
  ]);
}

interface PgliteRunner {
  query<Row>(
    sql: string,
    params?: unknown[],
    options?: { serializers?: Record<number, (value: unknown) => string> },
  ): Promise<{ rows: Row[] }>;
  exec(sql: string): Promise<unknown>;
}

class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  private closed = false;

  private readonly serializers: Record<number, (value: unknown) => string>;
  private readonly statements: PglitePreparedStatements;

  constructor(
    private readonly database: PGlite,
    module: PgliteProtocol,
  ) {
    this.serializers = longTextSerializers(database.serializers);
    this.statements = new PglitePreparedStatements(database, module, this.serializers);
  }

  query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return runQuery<Row>(this.database, sql, params, this.serializers);
  }

  async exec(sql: string): Promise<void> {
    await this.database.exec(sql);
  }

  transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
    return this.database.transaction((transaction) =>
      work({
        query: <Row>(sql: string, params: readonly unknown[] = []) => this.statements.query<Row>(sql, params),
        exec: async (sql: string) => {
          await transaction.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.database.close();
  }
}

async function runQuery<Row>(
  runner: PgliteRunner,
  sql: string,
  params: readonly unknown[],
  serializers: Record<number, (value: unknown) => string>,
): Promise<QueryResult<Row>> {
  const result = await runner.query<Row>(sql, [...params], { serializers });
  return { rows: result.rows };
}
