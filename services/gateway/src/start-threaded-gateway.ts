import { MessageChannel, type Worker } from 'node:worker_threads';
import { type Env, type GatewayConfig, SERVICE_NAMES, type ServiceName } from '@sluice/config';
import { PortDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import { spawnModuleThread } from '@sluice/threads';
import { type FromServicesThread, FromServicesThreadSchema, type ServicesThreadData } from './services-thread-messages';
import { type RunningGateway, startServices } from './start-services';

/** The services that stay with the ingress on the main thread: the cache shares the ingress's in-process index. */
const MAIN_THREAD_SERVICES: readonly ServiceName[] = ['ingress', 'cache'];

/** Whether this process splits its services over two threads (SLUICE_THREADS=2, the ingress beside other services). */
export function runsTwoThreads(env: Env): boolean {
  return env.SLUICE_THREADS === 2 && env.SLUICE_SERVICES.includes('ingress') && backgroundServices(env).length > 0;
}

/**
 * Starts the ingress (and cache) on this thread and the worker, logger and webhooks on a second one, so provider
 * calls, event consumers and embedded PGlite never hold up the event loop that answers clients. Embedded PGlite is
 * owned by the second thread and reached from this one over a MessagePort; PostgreSQL is opened by each thread.
 */
export async function startThreadedGateway(env: Env, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const embedded = env.DATABASE_URL === undefined;
  const channel = embedded ? new MessageChannel() : undefined;
  const data: ServicesThreadData = {
    services: backgroundServices(env),
    config,
    databasePort: channel?.port2,
    embeddedAllowed: env.SLUICE_SERVICES.length === SERVICE_NAMES.length,
  };
  const thread = spawnModuleThread(servicesThreadEntry(), { workerData: data, transferList: channel ? [channel.port2] : [] });
  const messages = threadMessages(thread);
  await messages.next('ready');
  const database = channel ? new PortDatabase(channel.port1) : undefined;
  const mainServices = env.SLUICE_SERVICES.filter((service) => MAIN_THREAD_SERVICES.includes(service));
  let gateway: RunningGateway;
  try {
    gateway = await startServices({ ...env, SLUICE_SERVICES: mainServices }, config, logger, { database });
  } catch (error) {
    await database?.close();
    await thread.terminate();
    throw error;
  }
  let stopping = false;
  thread.once('exit', (code) => {
    if (stopping) return;
    logger.fatal({ code }, 'the services thread (worker, logger, webhooks) stopped unexpectedly; exiting');
    process.exit(1);
  });
  return {
    ...gateway,
    services: env.SLUICE_SERVICES,
    async stop() {
      stopping = true;
      await gateway.stop();
      await database?.close();
      thread.postMessage({ type: 'stop' });
      await messages.next('stopped');
      await thread.terminate();
    },
  };
}

function backgroundServices(env: Env): ServiceName[] {
  return env.SLUICE_SERVICES.filter((service) => !MAIN_THREAD_SERVICES.includes(service));
}

function servicesThreadEntry(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./services-thread.${extension}`, import.meta.url);
}

/**
 * The services thread's reports, awaited one kind at a time; a `failed` report, an error or an exit rejects the
 * wait with the thread's one-line reason.
 */
function threadMessages(thread: Worker): { next(type: 'ready' | 'stopped'): Promise<void> } {
  return {
    next(type) {
      return new Promise<void>((resolve, reject) => {
        const cleanup = () => {
          thread.off('message', onMessage);
          thread.off('error', onError);
          thread.off('exit', onExit);
        };
        const onMessage = (raw: unknown) => {
          const message: FromServicesThread | undefined = FromServicesThreadSchema.safeParse(raw).data;
          if (message?.type === type) {
            cleanup();
            resolve();
          } else if (message?.type === 'failed') {
            cleanup();
            reject(new Error(message.reason));
          }
        };
        const onError = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onExit = (code: number) => {
          cleanup();
          reject(new Error(`the services thread exited with code ${code}`));
        };
        thread.on('message', onMessage);
        thread.on('error', onError);
        thread.on('exit', onExit);
      });
    },
  };
}
