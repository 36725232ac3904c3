import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createScratchDirectory, type ScratchDirectory } from '../../../test/helpers/scratch-databases';
import { createPgliteDatabase } from './create-pglite-database';
import type { SqlDatabase } from './sql-database';

describe('PGlite transactions run statements prepared once', () => {
  let directory: ScratchDirectory;
  let database: SqlDatabase;

  before(async () => {
    directory = await createScratchDirectory();
    database = await createPgliteDatabase({ dataDir: directory.path });
    await database.exec('CREATE TABLE notes (id int PRIMARY KEY, body text, data jsonb, score float8, kept bool)');
  });
  after(async () => {
    await database.close();
    await directory.remove();
  });

  const preparedCount = async () =>
    (await database.query<{ count: number }>('SELECT count(*)::int AS count FROM pg_prepared_statements')).rows[0]
      ?.count;

  it('binds and returns each type as a query outside a transaction does, however often the text runs', async () => {
    const long = 'é'.repeat(3_000);
    const insert = 'INSERT INTO notes VALUES ($1, $2, $3, $4, $5) RETURNING *';
    const returned = await database.transaction(async (transaction) => [
      (await transaction.query(insert, [1, 'short', { a: [1, 'x'] }, 1.5, true])).rows,
      (await transaction.query(insert, [2, long, JSON.stringify({ long }), null, false])).rows,
    ]);
    const { rows } = await database.query('SELECT * FROM notes ORDER BY id');
    assert.deepEqual(returned.flat(), rows);
    assert.deepEqual(rows[0], { id: 1, body: 'short', data: { a: [1, 'x'] }, score: 1.5, kept: true });
    assert.deepEqual(rows[1], { id: 2, body: long, data: { long }, score: null, kept: false });
    assert.equal(await preparedCount(), 1);
  });

  it('fails with PostgreSQL’s error code, rolls back, and runs the statement again afterwards', async () => {
    const insert = 'INSERT INTO notes (id, body) VALUES ($1, $2)';
    await assert.rejects(
      database.transaction(async (transaction) => {
        await transaction.query(insert, [10, 'rolled back']);
        await transaction.query(insert, [1, 'a duplicate']);
      }),
      (error: unknown) => (error as { code?: unknown }).code === '23505',
    );
    await database.transaction((transaction) => transaction.query(insert, [11, 'kept']));
    const { rows } = await database.query<{ id: number }>('SELECT id FROM notes WHERE id >= 10 ORDER BY id');
    assert.deepEqual(rows, [{ id: 11 }]);
  });

  it('answers from a table changed since the statement was prepared', async () => {
    const select = 'SELECT id, body FROM notes WHERE id = $1';
    const read = () => database.transaction((transaction) => transaction.query(select, [1]));
    assert.deepEqual((await read()).rows, [{ id: 1, body: 'short' }]);
    await database.exec("ALTER TABLE notes ADD COLUMN tag text DEFAULT 't'; UPDATE notes SET body = 'changed'");
    assert.deepEqual((await read()).rows, [{ id: 1, body: 'changed' }]);
  });

  it('keeps at most 64 statements prepared, closing the least recently used', async () => {
    await database.transaction(async (transaction) => {
      for (let index = 0; index < 80; index += 1) {
        const { rows } = await transaction.query<{ n: number }>(`SELECT $1::int + ${index} AS n`, [1]);
        assert.deepEqual(rows, [{ n: 1 + index }]);
      }
    });
    assert.equal(await preparedCount(), 64);
  });
});
