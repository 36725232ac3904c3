import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDatabase, type SqlDatabase } from '@sluice/database';
import { UnavailableError } from '@sluice/errors';
import { createScratchDirectory, createScratchPostgres } from '../helpers/scratch-databases';

async function expectUnavailable(url: string, withinMs: number): Promise<void> {
  const started = Date.now();
  await assert.rejects(createDatabase({ databaseUrl: url, dataDir: '/nonexistent' }), (error: unknown) => {
    assert.ok(error instanceof UnavailableError);
    assert.match(error.message, /DATABASE_URL/);
    assert.doesNotMatch(error.message, /\n/);
    assert.doesNotMatch(error.message, /hunter2/);
    return true;
  });
  assert.ok(Date.now() - started < withinMs, `took ${Date.now() - started} ms`);
}

async function roundTrip(database: SqlDatabase): Promise<void> {
  await database.exec('CREATE TABLE IF NOT EXISTS notes (id int PRIMARY KEY, body text); DELETE FROM notes;');
  await database.transaction(async (transaction) => {
    await transaction.query('INSERT INTO notes VALUES ($1, $2)', [1, 'kept']);
  });
  await assert.rejects(
    database.transaction(async (transaction) => {
      await transaction.query('INSERT INTO notes VALUES ($1, $2)', [2, 'rolled back']);
      throw new Error('abort');
    }),
    /abort/,
  );
  const { rows } = await database.query<{ id: number; body: string }>('SELECT id, body FROM notes ORDER BY id');
  assert.deepEqual(rows, [{ id: 1, body: 'kept' }]);
}

describe('createDatabase', () => {
  it('fails fast, in one line naming DATABASE_URL, when PostgreSQL refuses the connection', async () => {
    await expectUnavailable('postgres://postgres:hunter2@127.0.0.1:1/sluice', 1_500);
  });

  it('gives up on a server that accepts but never answers, at the 3 s connect timeout, instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    try {
      await expectUnavailable(`postgres://postgres:hunter2@127.0.0.1:${port}/sluice`, 4_500);
      assert.ok(Date.now() - started >= 2_500, 'the connect timeout is about 3 s');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('uses PostgreSQL when DATABASE_URL is set, with working transactions', async () => {
    const scratch = await createScratchPostgres();
    const database = await createDatabase({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
    try {
      assert.equal(database.kind, 'postgres');
      await roundTrip(database);
    } finally {
      await database.close();
      await scratch.drop();
    }
  });

  it('fails a transaction whose connection is lost between its statements, without ending the process', async () => {
    const scratch = await createScratchPostgres();
    const database = await createDatabase({ databaseUrl: scratch.url, dataDir: '/nonexistent' });
    try {
      await assert.rejects(
        database.transaction(async (transaction) => {
          const { rows } = await transaction.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await database.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
          await new Promise((resolve) => setTimeout(resolve, 300));
          await transaction.query('SELECT 1');
        }),
      );
      assert.deepEqual((await database.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    } finally {
      await database.close();
      await scratch.drop();
    }
  });

  it('uses embedded PGlite persisted under SLUICE_DATA_DIR/pglite when no URL is set', async () => {
    const directory = await createScratchDirectory();
    try {
      const database = await createDatabase({ databaseUrl: undefined, dataDir: directory.path });
      assert.equal(database.kind, 'pglite');
      await roundTrip(database);
      await database.close();
      assert.ok((await stat(join(directory.path, 'pglite', 'PG_VERSION'))).isFile());
      const reopened = await createDatabase({ dataDir: directory.path });
      assert.deepEqual((await reopened.query('SELECT body FROM notes')).rows, [{ body: 'kept' }]);
      await reopened.close();
    } finally {
      await directory.remove();
    }
  });

  it('stores long text and json parameters on PGlite exactly, non-ASCII included, as short ones', async () => {
    const directory = await createScratchDirectory();
    try {
      const database = await createDatabase({ dataDir: directory.path });
      await database.exec('CREATE TABLE texts (id int PRIMARY KEY, body text, document jsonb)');
      const long = `${'déjà vu — 東京 🚀 "quoted" \\ back\n'.repeat(400)}end`;
      const document = { messages: [{ role: 'user', content: long }], model: 'gpt-4o-mini' };
      for (const [id, body] of [
        [1, long],
        [2, 'short ü'],
      ] as const) {
        await database.transaction(async (transaction) => {
          await transaction.query('INSERT INTO texts VALUES ($1, $2, $3::json::jsonb)', [
            id,
            body,
            JSON.stringify({ ...document, id }),
          ]);
        });
      }
      const { rows } = await database.query<{ id: number; body: string; document: unknown; bytes: number }>(
        'SELECT id, body, document, octet_length(body) AS bytes FROM texts ORDER BY id',
      );
      assert.deepEqual(
        rows.map(({ id, body, document: stored, bytes }) => ({ id, body, stored, bytes })),
        [
          { id: 1, body: long, stored: { ...document, id: 1 }, bytes: Buffer.byteLength(long) },
          { id: 2, body: 'short ü', stored: { ...document, id: 2 }, bytes: Buffer.byteLength('short ü') },
        ],
      );
      await database.close();
    } finally {
      await directory.remove();
    }
  });
});
