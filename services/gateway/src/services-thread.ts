/**
 * The second thread of a two-thread process (SLUICE_THREADS=2): runs the services named in its workerData — the
 * worker, logger and webhooks — on their own event loop, and when the database is embedded PGlite owns it and
 * serves it to the main thread over a MessagePort.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GatewayConfigSchema, parseEnv } from '@sluice/config';
import { serveDatabase } from '@sluice/database';
import { createLogger } from '@sluice/observability';
import { failureReason } from './failure-reason';
import { openDatabase } from './open-database';
import { type FromServicesThread, ServicesThreadDataSchema, ToServicesThreadSchema } from './services-thread-messages';
import { startServices } from './start-services';

const port = parentPort;
const tell = (message: FromServicesThread) => port?.postMessage(message);

async function run(): Promise<void> {
  if (!port) throw new Error('services-thread runs only as a worker thread');
  const data = ServicesThreadDataSchema.parse(workerData);
  const env = parseEnv({ ...process.env, SLUICE_SERVICES: data.services.join(',') });
  const logger = createLogger({ level: env.LOG_LEVEL });
  const config = GatewayConfigSchema.parse(data.config);
  const database = data.databasePort ? await openDatabase(env, logger, data.embeddedAllowed) : undefined;
  const served = database && data.databasePort ? serveDatabase(database, data.databasePort) : undefined;
  const gateway = await startServices(env, config, logger, { database });
  port.on('message', (message: unknown) => {
    if (!ToServicesThreadSchema.safeParse(message).success) return;
    void (async () => {
      await gateway.stop();
      served?.close();
      await database?.close();
      tell({ type: 'stopped' });
    })();
  });
  tell({ type: 'ready' });
}

run().catch((error: unknown) => tell({ type: 'failed', reason: failureReason(error) }));
