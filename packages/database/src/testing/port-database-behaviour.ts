import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { UnavailableError } from '@sluice/errors';
import type { PortDatabase } from '../port-database';
import type { DatabaseKind } from '../sql-database';

/** Where a served database runs: this thread or a worker. Each `connect` is a new client on its own port. */
export interface DatabaseHost {
  readonly kind: DatabaseKind;
  connect(): PortDatabase;
  close(): Promise<void>;
}

const isUnavailable = (error: unknown) => error instanceof UnavailableError;

function signal(): { raised: Promise<void>; raise(): void } {
  let raise: () => void = () => undefined;
  const raised = new Promise<void>((resolve) => {
    raise = resolve;
  });
  return { raised, raise };
}

/** The behaviour a PortDatabase must show whatever serves it; run it once per kind of host. */
export function describePortDatabaseBehaviour(name: string, openHost: () => Promise<DatabaseHost>): void {
  describe(name, () => {
    let host: DatabaseHost;
    let clients: PortDatabase[] = [];
    const connect = () => {
      const client = host.connect();
      clients.push(client);
      return client;
    };

    before(async () => {
      host = await openHost();
    });
    after(() => host.close());
    beforeEach(() =>
      connect().exec(`DROP TABLE IF EXISTS notes; CREATE TABLE notes (id int PRIMARY KEY, tag text, body bytea)`),
    );
    afterEach(async () => {
      await Promise.all(clients.map((client) => client.close()));
      clients = [];
    });

    it('round-trips parameters and values of every common type', async () => {
      const database = connect();
      const at = new Date('2024-01-02T03:04:05.678Z');
      const { rows } = await database.query(
        `SELECT $1::timestamptz AS at, $2::jsonb AS document, $3::int8 AS small, 9007199254740993::int8 AS huge,
                $4::bytea AS bytes, $5::bytea AS buffer, $6::numeric AS amount, $7::int8 AS bigint_param,
                $8::text[] AS tags, NULL::text AS nothing`,
        [
          at,
          { a: [1, 'x'], b: null },
          42,
          new Uint8Array([1, 2, 255]),
          Buffer.from('hi'),
          '12.50',
          1234567890123456789n,
          ['a', 'b'],
        ],
      );
      const row = rows[0]!;
      assert.ok(row.at instanceof Date);
      assert.equal(row.at.getTime(), at.getTime());
      assert.deepEqual(row.document, { a: [1, 'x'], b: null });
      assert.equal(row.amount, '12.50');
      assert.deepEqual(row.tags, ['a', 'b']);
      assert.equal(row.nothing, null);
      assert.ok(row.bytes instanceof Uint8Array && row.buffer instanceof Uint8Array);
      assert.deepEqual([...row.bytes], [1, 2, 255]);
      assert.equal(Buffer.from(row.buffer).toString(), 'hi');
      assert.equal(row.buffer.buffer.byteLength, 2, 'a bytea crosses the port as its own bytes');
      if (host.kind === 'postgres') {
        assert.deepEqual([row.small, row.huge, row.bigint_param], ['42', '9007199254740993', '1234567890123456789']);
        assert.ok(Buffer.isBuffer(row.bytes), 'pg returns bytea as a Buffer');
      } else {
        assert.deepEqual([row.small, row.huge, row.bigint_param], [42, 9007199254740993n, 1234567890123456789n]);
      }
    });

    it('stores a Buffer parameter as bytea and reads it back', async () => {
      const database = connect();
      await database.query('INSERT INTO notes (id, tag, body) VALUES ($1, $2, $3)', [
        1,
        'binary',
        Buffer.from([0, 7, 255]),
      ]);
      const { rows } = await database.query<{ body: Uint8Array }>('SELECT body FROM notes WHERE id = 1');
      assert.deepEqual([...rows[0]!.body], [0, 7, 255]);
    });

    it('runs a script of several statements with exec', async () => {
      const database = connect();
      await database.exec(`INSERT INTO notes (id, tag) VALUES (1, 'a'); INSERT INTO notes (id, tag) VALUES (2, 'b');`);
      const { rows } = await database.query('SELECT id FROM notes ORDER BY id');
      assert.deepEqual(rows, [{ id: 1 }, { id: 2 }]);
    });

    it('commits a transaction whose work resolves, returning its result', async () => {
      const database = connect();
      const result = await database.transaction(async (transaction) => {
        await transaction.query("INSERT INTO notes (id, tag) VALUES (1, 'kept')");
        await transaction.exec("INSERT INTO notes (id, tag) VALUES (2, 'kept')");
        return (await transaction.query<{ count: number }>('SELECT count(*)::int AS count FROM notes')).rows[0]!.count;
      });
      assert.equal(result, 2);
      const { rows } = await connect().query('SELECT id FROM notes ORDER BY id');
      assert.deepEqual(rows, [{ id: 1 }, { id: 2 }]);
    });

    it("rolls back a transaction whose work throws, re-throwing the work's own error", async () => {
      const database = connect();
      const failure = new Error('abort');
      await assert.rejects(
        database.transaction(async (transaction) => {
          await transaction.query("INSERT INTO notes (id, tag) VALUES (1, 'rolled back')");
          throw failure;
        }),
        (error: unknown) => error === failure,
      );
      assert.deepEqual((await database.query('SELECT id FROM notes')).rows, []);
    });

    it("rolls back on a database error inside a transaction, re-throwing PostgreSQL's code and fields", async () => {
      const database = connect();
      await database.query("INSERT INTO notes (id, tag) VALUES (1, 'first')");
      await assert.rejects(
        database.transaction(async (transaction) => {
          await transaction.query("INSERT INTO notes (id, tag) VALUES (2, 'rolled back')");
          await transaction.query("INSERT INTO notes (id, tag) VALUES (1, 'duplicate')");
        }),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          const fields = error as Error & { code?: string; constraint?: string; table?: string; detail?: string };
          assert.match(error.message, /duplicate key value violates unique constraint "notes_pkey"/);
          assert.deepEqual([fields.code, fields.constraint, fields.table], ['23505', 'notes_pkey', 'notes']);
          assert.match(fields.detail ?? '', /Key \(id\)=\(1\) already exists/);
          return true;
        },
      );
      assert.deepEqual((await database.query('SELECT id FROM notes ORDER BY id')).rows, [{ id: 1 }]);
      await assert.rejects(database.query('SELEC 1'), { code: '42601', position: '1', message: /syntax error/ });
    });

    it('interleaves 50 concurrent queries and 5 concurrent transactions from several clients', async () => {
      const [first, second, third] = [connect(), connect(), connect()];
      const queries = Array.from({ length: 50 }, (_, index) =>
        (index % 2 === 0 ? first! : second!).query<{ n: number }>('SELECT $1::int AS n', [index]),
      );
      const transactions = Array.from({ length: 5 }, (_, index) =>
        third!
          .transaction(async (transaction) => {
            for (let row = 0; row < 3; row++) {
              await transaction.query('INSERT INTO notes (id, tag) VALUES ($1, $2)', [index * 10 + row, `t${index}`]);
            }
            const own = await transaction.query<{ count: number }>(
              'SELECT count(*)::int AS count FROM notes WHERE tag = $1',
              [`t${index}`],
            );
            assert.equal(own.rows[0]!.count, 3);
            if (index % 2 === 1) throw new Error(`roll back t${index}`);
            return index;
          })
          .catch((error: Error) => error.message),
      );
      const answers = await Promise.all(queries);
      assert.deepEqual(
        answers.map(({ rows }) => rows[0]!.n),
        Array.from({ length: 50 }, (_, index) => index),
      );
      assert.deepEqual(await Promise.all(transactions), [0, 'roll back t1', 2, 'roll back t3', 4]);
      const { rows } = await first!.query('SELECT tag, count(*)::int AS count FROM notes GROUP BY tag ORDER BY tag');
      assert.deepEqual(rows, [
        { tag: 't0', count: 3 },
        { tag: 't2', count: 3 },
        { tag: 't4', count: 3 },
      ]);
    });

    it('rejects pending and later calls with UnavailableError once closed, leaving the database open', async () => {
      const database = connect();
      const pending = database.query('SELECT pg_sleep(0.2)');
      await database.close();
      await assert.rejects(pending, isUnavailable);
      await assert.rejects(database.query('SELECT 1'), isUnavailable);
      await assert.rejects(database.exec('SELECT 1'), isUnavailable);
      await assert.rejects(
        database.transaction(async () => undefined),
        isUnavailable,
      );
      assert.deepEqual((await connect().query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    });

    it("rolls back a closed client's open transaction, freeing the database for the others", async () => {
      const database = connect();
      const inside = signal();
      const resume = signal();
      const abandoned = database.transaction(async (transaction) => {
        await transaction.query("INSERT INTO notes (id, tag) VALUES (1, 'abandoned')");
        inside.raise();
        await resume.raised;
        await transaction.query('SELECT 1');
      });
      await inside.raised;
      await database.close();
      resume.raise();
      await assert.rejects(abandoned, isUnavailable);
      assert.deepEqual((await connect().query('SELECT id FROM notes')).rows, []);
    });
  });
}
