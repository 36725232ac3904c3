import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { type Env, type GatewayConfig, SERVICE_NAMES, type ServiceName } from '@sluice/config';
import { PortDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import { spawnModuleThread } from '@sluice/threads';
import { type FromServicesThread, FromServicesThreadSchema, type ServicesThreadData } from './services-thread-messages';
import {
  type LocalHandoffEnd,
  type LocalReplyEnd,
  newHandoffChannel,
  newReplyChannel,
  type RunningGateway,
  startServices,
} from './start-services';

/** The services that stay with the ingress on the main thread: the cache shares the ingress's in-process index. */
const MAIN_THREAD_SERVICES: readonly ServiceName[] = ['ingress', 'cache'];

/**
 * A services thread's young generation, capped: by default V8 grows a thread's new space under load (33.6 MB measured
 * on the main thread after 10,000 agent-sized requests) and keeps it; capped at 8 MB, the idle and loaded process holds
 * less at no measured cost in throughput (BENCHMARKS.md, 2026-12-06 15:00).
 */
const SERVICES_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/**
 * The worker's thread holds every in-flight provider call (up to SLUICE_WORKER_CONCURRENCY jobs, each with its
 * request, undici exchange and reply): in 8 MB (semi-spaces of ~2.7 MB) most of it survives each scavenge and is
 * promoted: collection was 10–14% of the process's CPU at 64 connections, 6% with 32 MB, where a call's garbage
 * dies young (BENCHMARKS.md, "fixed costs per request").
 */
const WORKER_THREAD_LIMITS = { maxYoungGenerationSizeMb: 32 };

/**
 * The other threads by SLUICE_THREADS. The first group owns embedded PGlite, so with 3 threads the worker never
 * waits on a database write.
 */
const THREAD_GROUPS: Record<2 | 3, readonly (readonly ServiceName[])[]> = {
  2: [['worker', 'logger', 'webhooks']],
  3: [['logger', 'webhooks'], ['worker']],
};

/** Whether this process spreads its services over threads (SLUICE_THREADS above 1, the ingress beside other services). */
export function runsServiceThreads(env: Env): boolean {
  return env.SLUICE_THREADS > 1 && env.SLUICE_SERVICES.includes('ingress') && threadGroups(env).length > 0;
}

interface ServicesThread {
  worker: Worker;
  next(type: 'ready' | 'stopped'): Promise<void>;
}

/**
 * Starts the ingress (and cache) on this thread and the other services on their own threads, so provider calls,
 * event consumers and embedded PGlite never hold up the event loop that answers clients. Embedded PGlite is owned by
 * the first services thread and reached from every other thread over a MessagePort; PostgreSQL is opened by each.
 */
export async function startThreadedGateway(env: Env, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const groups = threadGroups(env);
  const embedded = env.DATABASE_URL === undefined;
  const channels = embedded ? groups.map(() => new MessageChannel()) : [];
  const replies = replyChannel(env, groups);
  const handoff = replies ? newHandoffChannel(env, config) : undefined;
  const threads: ServicesThread[] = [];
  let database: PortDatabase | undefined;
  let gateway: RunningGateway;
  try {
    for (const [index, services] of groups.entries()) {
      const worker = services.includes('worker');
      const ends = {
        ...(replies && worker ? { localReplies: replies.worker } : {}),
        ...(handoff && worker ? { localHandoff: handoff.worker } : {}),
      };
      threads.push(await startServicesThread(env, config, services, threadDatabase(embedded, index, channels), ends));
    }
    database = channels[0] ? new PortDatabase(channels[0].port1) : undefined;
    gateway = await startServices(
      { ...env, SLUICE_SERVICES: env.SLUICE_SERVICES.filter((service) => MAIN_THREAD_SERVICES.includes(service)) },
      config,
      logger,
      {
        database,
        ...(replies ? { localReplies: replies.ingress } : {}),
        ...(handoff ? { localHandoff: handoff.ingress } : {}),
      },
    );
  } catch (error) {
    await database?.close();
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
    throw error;
  }
  let stopping = false;
  for (const thread of threads) {
    thread.worker.once('exit', (code) => {
      if (stopping) return;
      logger.fatal({ code }, 'a services thread stopped unexpectedly; exiting');
      process.exit(1);
    });
  }
  return {
    ...gateway,
    services: env.SLUICE_SERVICES,
    async stop() {
      stopping = true;
      await gateway.stop();
      await database?.close();
      // The database's owner (the first thread) stops last, once no other thread uses it.
      for (const thread of [...threads].reverse()) {
        thread.worker.postMessage({ type: 'stop' });
        await thread.next('stopped');
        await thread.worker.terminate();
      }
    },
  };
}

function threadGroups(env: Env): ServiceName[][] {
  if (env.SLUICE_THREADS === 1) return [];
  return THREAD_GROUPS[env.SLUICE_THREADS]
    .map((group) => env.SLUICE_SERVICES.filter((service) => group.includes(service)))
    .filter((group) => group.length > 0);
}

/**
 * The ingress's reply channel to the worker's thread (README.md, "Reply channel"), when this process runs both: the
 * worker's thread answers the ingress's requests over it instead of through Redis.
 */
function replyChannel(
  env: Env,
  groups: ServiceName[][],
): { ingress: LocalReplyEnd; worker: LocalReplyEnd } | undefined {
  if (!env.SLUICE_SERVICES.includes('ingress') || !groups.some((group) => group.includes('worker'))) return undefined;
  return newReplyChannel();
}

/**
 * Channel 0 joins the owner to the main thread; channel i (i ≥ 1) joins the owner to thread i. The owner is handed
 * the far ends of all of them to serve.
 */
function threadDatabase(embedded: boolean, index: number, channels: MessageChannel[]): ServicesThreadData['database'] {
  if (!embedded) return undefined;
  if (index === 0) return { serve: channels.map((channel) => channel.port2) };
  return { use: (channels[index] as MessageChannel).port1 };
}

async function startServicesThread(
  env: Env,
  config: GatewayConfig,
  services: ServiceName[],
  database: ServicesThreadData['database'],
  ends: { localReplies?: LocalReplyEnd; localHandoff?: LocalHandoffEnd },
): Promise<ServicesThread> {
  const data: ServicesThreadData = {
    services,
    config,
    database,
    embeddedAllowed: env.SLUICE_SERVICES.length === SERVICE_NAMES.length,
    ...ends,
  };
  const databasePorts: MessagePort[] =
    database === undefined ? [] : 'serve' in database ? database.serve : [database.use];
  const endPorts = [ends.localReplies?.port, ends.localHandoff?.port].filter((port) => port !== undefined);
  const transferList = [...databasePorts, ...endPorts];
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const worker = spawnModuleThread(new URL(`./services-thread.${extension}`, import.meta.url), {
    workerData: data,
    transferList,
    resourceLimits: services.includes('worker') ? WORKER_THREAD_LIMITS : SERVICES_THREAD_LIMITS,
  });
  const thread = { worker, next: (type: 'ready' | 'stopped') => nextReport(worker, type) };
  await thread.next('ready');
  return thread;
}

/** Waits for a services thread's report of one kind; a `failed` report, an error or an exit rejects with the reason. */
function nextReport(thread: Worker, type: 'ready' | 'stopped'): Promise<void> {
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
      reject(new Error(`a services thread exited with code ${code}`));
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
  });
}
