import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { UnavailableError } from '@sluice/errors';
import {
  createScratchDirectory,
  createScratchPostgres,
  TEST_POSTGRES_URL,
} from '../../../test/helpers/scratch-databases';
import { createPgliteDatabase } from './create-pglite-database';
import { createPostgresDatabase } from './create-postgres-database';
import { PortDatabase } from './port-database';
import { type DatabaseServer, serveDatabase } from './serve-database';
import type { SqlDatabase } from './sql-database';
import { startDatabaseWorker } from './testing/database-worker';
import { type DatabaseHost, describePortDatabaseBehaviour } from './testing/port-database-behaviour';

function hostInThisThread(database: SqlDatabase, cleanUp: () => Promise<void>): DatabaseHost {
  const servers: DatabaseServer[] = [];
  return {
    kind: database.kind,
    connect() {
      const { port1, port2 } = new MessageChannel();
      servers.push(serveDatabase(database, port2));
      return new PortDatabase(port1, database.kind);
    },
    async close() {
      for (const server of servers) server.close();
      await database.close();
      await cleanUp();
    },
  };
}

describePortDatabaseBehaviour('PortDatabase on PGlite served in the same thread', async () => {
  const directory = await createScratchDirectory();
  return hostInThisThread(await createPgliteDatabase({ dataDir: directory.path }), directory.remove);
});

describePortDatabaseBehaviour('PortDatabase on PostgreSQL served in the same thread', async () => {
  const scratch = await createScratchPostgres();
  return hostInThisThread(await createPostgresDatabase({ url: scratch.url }), scratch.drop);
});

describePortDatabaseBehaviour('PortDatabase on PGlite served in a worker thread', async () => {
  const directory = await createScratchDirectory();
  const worker = await startDatabaseWorker({ dataDir: directory.path });
  return {
    kind: worker.kind,
    connect: () => worker.connect(),
    async close() {
      await worker.stop();
      await directory.remove();
    },
  };
});

describe('serveDatabase', () => {
  let database: SqlDatabase;
  before(async () => {
    database = await createPostgresDatabase({ url: TEST_POSTGRES_URL });
  });
  after(() => database.close());

  it('answers a malformed request with an error naming the problem, and keeps serving', async () => {
    const { port1, port2 } = new MessageChannel();
    const server = serveDatabase(database, port2);
    const replies: unknown[] = [];
    const received = new Promise<void>((resolve) =>
      port1.on('message', (reply) => {
        if (replies.push(reply) === 2) resolve();
      }),
    );
    port1.postMessage({ id: 7, type: 'query', sql: 42 });
    port1.postMessage({ id: 8, type: 'query', sql: 'SELECT 1 AS one', params: [] });
    await received;
    assert.deepEqual(replies[0], {
      id: 7,
      ok: false,
      error: {
        name: 'Error',
        message:
          'malformed database request: sql: Invalid input: expected string, received number; ' +
          'params: Invalid input: expected array, received undefined',
      },
    });
    assert.deepEqual(replies[1], { id: 8, ok: true, rows: [{ one: 1 }] });
    server.close();
  });

  it("rejects the client's pending and later calls with UnavailableError once the server closes", async () => {
    const { port1, port2 } = new MessageChannel();
    const server = serveDatabase(database, port2);
    const client = new PortDatabase(port1, 'postgres');
    assert.deepEqual((await client.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    const pending = client.query('SELECT pg_sleep(0.2)');
    server.close();
    await assert.rejects(pending, (error: unknown) => error instanceof UnavailableError);
    await assert.rejects(client.query('SELECT 1'), (error: unknown) => error instanceof UnavailableError);
  });
});

describe('PortDatabase in a process whose database thread is unref’d', () => {
  it('keeps the process alive while a request waits, and lets it exit once the client port is idle', async () => {
    const helper = new URL('./testing/database-worker.ts', import.meta.url).href;
    const script = `
      const { startDatabaseWorker } = await import(${JSON.stringify(helper)});
      const worker = await startDatabaseWorker({ databaseUrl: ${JSON.stringify(TEST_POSTGRES_URL)}, dataDir: '/nonexistent' });
      worker.unref();
      const database = worker.connect();
      const started = Date.now();
      const { rows } = await database.query('SELECT pg_sleep(0.5), 1 AS answer');
      console.log(JSON.stringify({ answer: rows[0].answer, waitedMs: Date.now() - started }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      cwd: new URL('.', import.meta.url),
      timeout: 60_000,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    assert.deepEqual([code, signal], [0, null], `the process did not exit on its own: ${output}`);
    const report = JSON.parse(output) as { answer: number; waitedMs: number };
    assert.equal(report.answer, 1);
    assert.ok(report.waitedMs >= 450, `answered after ${report.waitedMs} ms`);
  });
});
