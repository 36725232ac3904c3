/**
 * A services thread (SLUICE_THREADS above 1): runs the services named in its workerData on their own event loop.
 * With embedded PGlite, one thread owns the database and serves it to the others over MessagePorts; they use it
 * through a PortDatabase.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Env, GatewayConfigSchema, parseEnv } from '@sluice/config';
import { PortDatabase, type SqlDatabase, serveDatabase } from '@sluice/database';
import { createLogger, type Logger } from '@sluice/observability';
import { failureReason } from './failure-reason';
import { openDatabase } from './open-database';
import {
  type FromServicesThread,
  type ServicesThreadData,
  ServicesThreadDataSchema,
  ToServicesThreadSchema,
} from './services-thread-messages';
import { startServices } from './start-services';

const port = parentPort;
const tell = (message: FromServicesThread) => port?.postMessage(message);

async function run(): Promise<void> {
  if (!port) throw new Error('services-thread runs only as a worker thread');
  const data = ServicesThreadDataSchema.parse(workerData);
  const env = parseEnv({ ...process.env, SLUICE_SERVICES: data.services.join(',') });
  const logger = createLogger({ level: env.LOG_LEVEL });
  const config = GatewayConfigSchema.parse(data.config);
  const shared = await openSharedDatabase(data, env, logger);
  const gateway = await startServices(env, config, logger, {
    database: shared.database,
    ...(data.localReplies ? { localReplies: data.localReplies } : {}),
    ...(data.localHandoff ? { localHandoff: data.localHandoff } : {}),
  });
  port.on('message', (message: unknown) => {
    if (!ToServicesThreadSchema.safeParse(message).success) return;
    void (async () => {
      await gateway.stop();
      await shared.close();
      tell({ type: 'stopped' });
    })();
  });
  tell({ type: 'ready' });
}

/** Embedded PGlite: opened and served to the other threads by its owner, used over a port by the rest. */
async function openSharedDatabase(
  data: ServicesThreadData,
  env: Env,
  logger: Logger,
): Promise<{ database?: SqlDatabase; close(): Promise<void> }> {
  const shared = data.database;
  if (shared === undefined) return { close: async () => undefined };
  if ('use' in shared) {
    const database = new PortDatabase(shared.use);
    return { database, close: () => database.close() };
  }
  const database = await openDatabase(env, logger, data.embeddedAllowed);
  const servers = shared.serve.map((served) => serveDatabase(database, served));
  return {
    database,
    async close() {
      for (const server of servers) server.close();
      await database.close();
    },
  };
}

run().catch((error: unknown) => tell({ type: 'failed', reason: failureReason(error) }));
