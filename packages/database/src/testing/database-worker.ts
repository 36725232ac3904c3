import { MessageChannel, Worker } from 'node:worker_threads';
import type { DatabaseOptions } from '../create-database';
import { PortDatabase } from '../port-database';
import type { DatabaseKind } from '../sql-database';

/** A database opened and served in its own worker thread, as the all-in-one process runs embedded PGlite. */
export interface DatabaseWorker {
  readonly kind: DatabaseKind;
  /** A new client on its own port, served in the worker. */
  connect(): PortDatabase;
  /** Lets the process exit while the thread still runs. */
  unref(): void;
  /** Closes the served ports and the database, then ends the thread. */
  stop(): Promise<void>;
}

/**
 * Runs from source under tsx: a worker does not inherit tsx's loader, so the thread registers it before
 * importing the database modules. Control messages: `{ type: 'serve', port }` serves one more port, `{ type: 'stop' }`
 * closes everything and answers `stopped`.
 */
function bootstrap(): string {
  const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const opener = JSON.stringify(new URL('../create-database.ts', import.meta.url).href);
  const server = JSON.stringify(new URL('../serve-database.ts', import.meta.url).href);
  return `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  (await import(${tsxApi})).register();
  const { createDatabase } = await import(${opener});
  const { serveDatabase } = await import(${server});
  const database = await createDatabase(workerData);
  const servers = [];
  parentPort.on('message', async (message) => {
    if (message.type === 'serve') servers.push(serveDatabase(database, message.port));
    if (message.type !== 'stop') return;
    for (const server of servers) server.close();
    await database.close();
    parentPort.postMessage({ type: 'stopped' });
  });
  parentPort.postMessage({ type: 'ready', kind: database.kind });
})();`;
}

export function startDatabaseWorker(options: DatabaseOptions): Promise<DatabaseWorker> {
  const worker = new Worker(bootstrap(), { eval: true, workerData: options });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the database worker exited with code ${code}`)));
    worker.once('message', (message: { kind: DatabaseKind }) => resolve(databaseWorker(worker, message.kind)));
  });
}

function databaseWorker(worker: Worker, kind: DatabaseKind): DatabaseWorker {
  return {
    kind,
    connect() {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ type: 'serve', port: port2 }, [port2]);
      return new PortDatabase(port1, kind);
    },
    unref: () => worker.unref(),
    async stop() {
      const stopped = new Promise((resolve) => {
        worker.once('message', resolve);
        worker.once('exit', resolve);
      });
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
