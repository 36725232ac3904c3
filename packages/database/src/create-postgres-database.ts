import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UnavailableError } from '@sluice/errors';
import type pg from 'pg';
import type { CopyStreamQuery } from 'pg-copy-streams';
import { connectionFailureReason } from './connection-failure-reason';
import { describeDatabaseUrl } from './describe-database-url';
import type { QueryResult, SqlDatabase, SqlExecutor } from './sql-database';

export interface PostgresDatabaseOptions {
  url: string;
  /** How long a new connection may take before the attempt fails. */
  connectTimeoutMs?: number;
  maxConnections?: number;
  /** Called when an idle pooled connection breaks (the pool drops it and opens another when needed). */
  onIdleError?: (error: Error) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/**
 * Opens a pooled PostgreSQL database and proves it answers. An unreachable server fails within the connect
 * timeout with one UnavailableError line that names DATABASE_URL; it never hangs.
 */
export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<SqlDatabase> {
  // Loaded on first use: node-postgres costs ~3 MB of heap in every thread that an embedded-PGlite gateway never needs.
  const [{ default: pg }, { default: copyStreams }] = await Promise.all([import('pg'), import('pg-copy-streams')]);
  const pool = new pg.Pool({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    max: options.maxConnections ?? 10,
    keepAlive: true,
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new UnavailableError(
      `Cannot reach PostgreSQL at ${describeDatabaseUrl(options.url)} (${connectionFailureReason(error)}); ` +
        'set DATABASE_URL to a reachable server, or unset it to use the embedded PGlite database.',
      error,
    );
  }
  return new PostgresDatabase(pool, copyStreams.from);
}

class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly copyFromQuery: CopyFromQuery,
  ) {}

  query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    return runQuery<Row>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (transaction: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A connection lost between statements (a long transaction waiting on its caller) is reported as an event,
    // which would end the process unheard; the next statement fails instead, and the client is not reused.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work({
        query: <Row>(sql: string, params: readonly unknown[] = []) => runQuery<Row>(client, sql, params),
        exec: async (sql: string) => {
          await client.query(sql);
        },
        copyFrom: (sql: string, text: string) => copyFrom(client, this.copyFromQuery(sql), text),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

async function runQuery<Row>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
): Promise<QueryResult<Row>> {
  const result = await target.query(sql, [...params]);
  return { rows: result.rows as Row[] };
}

/** pg-copy-streams' `from`: a COPY … FROM STDIN query as a writable stream (node-postgres has no COPY of its own). */
type CopyFromQuery = (sql: string) => CopyStreamQuery;

/** Sends COPY text through one connection. */
async function copyFrom(client: pg.PoolClient, query: CopyStreamQuery, text: string): Promise<void> {
  await pipeline(Readable.from([text]), client.query(query));
}
