import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Migration,
  migrate,
  type SqlDatabase,
} from '@sluice/database';
import pg from 'pg';

/** The local test server: 127.0.0.1:5432, trust auth, user postgres. */
export const TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ScratchPostgres {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database on the test server, dropped (even with open sessions) by `drop`. */
export async function createScratchPostgres(prefix = 'sluice_test'): Promise<ScratchPostgres> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDirectory {
  path: string;
  remove(): Promise<void>;
}

/** A temporary data directory for an embedded PGlite database. */
export async function createScratchDirectory(prefix = 'sluice-test-'): Promise<ScratchDirectory> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A database opened for one test suite, and how to close and remove it. */
export interface ScratchDatabase {
  database: SqlDatabase;
  dispose(): Promise<void>;
}

/** Embedded PGlite in a temporary directory, with `migrations` applied. */
export async function openScratchPglite(migrations: readonly Migration[] = []): Promise<ScratchDatabase> {
  const directory = await createScratchDirectory();
  const database = await createPgliteDatabase({ dataDir: directory.path });
  if (migrations.length > 0) await migrate(database, migrations);
  return {
    database,
    async dispose() {
      await database.close();
      await directory.remove();
    },
  };
}

/** A scratch PostgreSQL database on the test server, with `migrations` applied. */
export async function openScratchPostgres(migrations: readonly Migration[] = []): Promise<ScratchDatabase> {
  const scratch = await createScratchPostgres();
  const database = await createPostgresDatabase({ url: scratch.url });
  if (migrations.length > 0) await migrate(database, migrations);
  return {
    database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}
