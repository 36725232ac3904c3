import { randomUUID } from 'node:crypto';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Env, GatewayConfig, ServiceName } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { openGovernanceStores } from '@sluice/governance';
import type { RouteDescription, startIngressService } from '@sluice/ingress';
import type { Logger } from '@sluice/observability';
import {
  createQueueCatalog,
  HandoffSlots,
  type LocalHandoffLink,
  type LocalReplyLink,
  ProviderQueues,
  settlesWithin,
} from '@sluice/queues';
import { collectGarbageWhenIdle } from '@sluice/threads';
import { openDatabase } from './open-database';
import { RedisConnectionSet } from './redis-connection-set';
import { startProviderKeyVault } from './start-provider-key-vault';

export interface RunningGateway {
  services: ServiceName[];
  /** The ingress address, when this process runs the ingress. */
  url: string | undefined;
  /** The ingress's routes, when this process runs the ingress. */
  routes: RouteDescription[];
  stop(): Promise<void>;
}

/** One end of the process's local reply channel (LocalReplyLink), the ingress's reply stream named by its id. */
export interface LocalReplyEnd {
  streamId: string;
  port: MessagePort;
}

/** A new local reply channel (README.md, "Reply channel"): the ingress's end and the worker's, for one reply stream. */
export function newReplyChannel(): { ingress: LocalReplyEnd; worker: LocalReplyEnd } {
  const channel = new MessageChannel();
  const streamId = randomUUID();
  return { ingress: { streamId, port: channel.port1 }, worker: { streamId, port: channel.port2 } };
}

/** One end of the process's sync hand-off (LocalHandoffLink): the port, and the slots' shared memory and accounts. */
export interface LocalHandoffEnd {
  port: MessagePort;
  memory: SharedArrayBuffer;
  providers: string[];
}

/**
 * A new sync hand-off (docs/sync-handoff.md) for the config's accounts, when SLUICE_SYNC_HANDOFF is `local`: the
 * ingress's end and the worker's.
 */
export function newHandoffChannel(
  env: Pick<Env, 'SLUICE_SYNC_HANDOFF'>,
  config: GatewayConfig,
): { ingress: LocalHandoffEnd; worker: LocalHandoffEnd } | undefined {
  if (env.SLUICE_SYNC_HANDOFF !== 'local') return undefined;
  const channel = new MessageChannel();
  const slots = new HandoffSlots(Object.keys(config.providers));
  const end = (port: MessagePort) => ({ port, memory: slots.memory, providers: [...slots.providers] });
  return { ingress: end(channel.port1), worker: end(channel.port2) };
}

export interface StartServicesOptions {
  /** A database another thread owns (embedded PGlite served over a port); this process neither migrates nor closes it. */
  database?: SqlDatabase;
  /**
   * The ingress and the worker run on different threads of this process: this thread's end of their reply channel.
   * Absent, a thread that runs both joins them itself.
   */
  localReplies?: LocalReplyEnd;
  /** Like `localReplies`, this thread's end of the sync hand-off between the ingress and the worker. */
  localHandoff?: LocalHandoffEnd;
}

/**
 * Starts the services SLUICE_SERVICES names. This is the composition root of a process or thread: it opens the Redis
 * connections (one shared command connection, and one of its own for each consumer that waits on Redis — see
 * RedisConnectionSet) and the database, hands each service the ones it uses with the settings it reads, and closes
 * them once the services stopped. Each service's code (and the libraries only it uses: express, BullMQ's worker, the
 * webhook sender…) is imported only when this process or thread runs it, so a thread of one service does not hold
 * the others' code in memory.
 */
export async function startServices(
  env: Env,
  config: GatewayConfig,
  logger: Logger,
  options: StartServicesOptions = {},
): Promise<RunningGateway> {
  const connections = new RedisConnectionSet(env);
  await connections.ensureReachable();
  const redis = connections.command;
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis connection error'));
  const catalog = createQueueCatalog(env.SLUICE_QUEUE_PREFIX, { cluster: env.REDIS_CLUSTER_NODES !== undefined });
  const queues = new ProviderQueues(connections.queues, catalog);
  const wanted = new Set(env.SLUICE_SERVICES);
  const localReplies = linksOnThisThread(
    wanted,
    options.localReplies,
    newReplyChannel,
    (end): LocalReplyLink => ({ streamKey: catalog.replyStream(end.streamId), port: end.port }),
  );
  const localHandoff = linksOnThisThread(
    wanted,
    options.localHandoff,
    () => newHandoffChannel(env, config),
    (end): LocalHandoffLink => ({ port: end.port, slots: new HandoffSlots(end.providers, end.memory) }),
  );
  const needsDatabase =
    options.database !== undefined ||
    wanted.has('ingress') ||
    wanted.has('logger') ||
    wanted.has('webhooks') ||
    (wanted.has('worker') && env.DATABASE_URL !== undefined);
  const ownDatabase =
    needsDatabase && options.database === undefined
      ? await openDatabase(env, logger).catch(closeAndThrow(connections))
      : undefined;
  const database = needsDatabase ? (options.database ?? ownDatabase) : undefined;
  const stoppers: (() => Promise<void>)[] = [];
  let closeResponseCache: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    const limitMs = env.SLUICE_DRAIN_TIMEOUT_MS + 5_000;
    for (const stop of stoppers) {
      if (!(await settlesWithin(stop(), limitMs)))
        logger.warn({ limitMs }, 'a service did not stop in time; exiting anyway');
    }
    await closeResponseCache?.();
    await queues.close();
    await ownDatabase?.close();
    connections.close();
    idleCollector.stop();
  };
  // Each thread or process that runs services gives back what its heap grew to under load once it goes idle.
  const idleCollector = collectGarbageWhenIdle();

  let ingress: Awaited<ReturnType<typeof startIngressService>> | undefined;
  try {
    // A service that fails to start stops the ones started before it, so a failed start leaves nothing running.
    const shared = { settings: env, config, catalog, redis, queues, logger };
    const blocking = () => connections.blocking();
    const cacheModule = wanted.has('ingress') || wanted.has('cache') ? await import('@sluice/cache') : undefined;
    const responseCache = cacheModule
      ? await cacheModule.openResponseCache({ ...shared, embeddingReplies: blocking() })
      : undefined;
    if (responseCache) closeResponseCache = () => responseCache.close();
    const vault =
      wanted.has('worker') && database
        ? await startProviderKeyVault({ ...shared, database, invalidations: blocking() })
        : undefined;
    if (wanted.has('worker') && !database && env.SLUICE_MASTER_KEY !== undefined) {
      logger.warn(
        'SLUICE_MASTER_KEY is set but this worker has no DATABASE_URL: stored provider keys are not used, only the config file’s',
      );
    }
    if (vault) stoppers.push(() => vault.stop());
    const worker = wanted.has('worker')
      ? await (await import('@sluice/worker')).startWorkerService({
          ...shared,
          keys: vault?.keys,
          queueConnection: connections.queues,
          blocking: { workers: blocking(), cancels: blocking() },
          localReplies: localReplies.worker,
          localHandoff: localHandoff.worker,
        })
      : undefined;
    if (worker) stoppers.unshift(() => worker.stop());
    const loggerModule = wanted.has('logger') && database ? await import('@sluice/logger') : undefined;
    const loggerService =
      loggerModule && database
        ? await loggerModule.startLoggerService({
            ...shared,
            database,
            blocking: {
              events: Array.from({ length: loggerModule.requestLogConsumers(database) }, blocking),
              settlement: blocking(),
              invalidations: blocking(),
            },
          })
        : undefined;
    if (loggerService) stoppers.push(() => loggerService.stop());
    const cacheService =
      wanted.has('cache') && cacheModule && responseCache
        ? await cacheModule.startCacheService({ catalog, cache: responseCache.cache, events: blocking(), logger })
        : undefined;
    if (cacheService) stoppers.push(() => cacheService.stop());
    const webhooks =
      wanted.has('webhooks') && database
        ? await (await import('@sluice/webhooks')).startWebhooksService({
            ...shared,
            database,
            blocking: { dispatcher: blocking(), batchResults: blocking() },
          })
        : undefined;
    if (webhooks) stoppers.push(() => webhooks.stop());
    if (wanted.has('ingress') && database) {
      const stores = await openGovernanceStores({ ...shared, database, invalidations: blocking() });
      stoppers.unshift(() => stores.stop());
      const controlPlane = (await import('@sluice/console')).createConsole({
        ...shared,
        stores,
        database,
        config: () => stores.configs.current(),
        adminToken: env.SLUICE_ADMIN_TOKEN,
        logger: logger.child({ service: 'console' }),
        logRetention: { days: env.SLUICE_LOG_RETENTION_DAYS, bodyDays: env.SLUICE_LOG_BODY_RETENTION_DAYS },
        maxImportLineBytes: env.SLUICE_BODY_LIMIT,
      });
      ingress = await (await import('@sluice/ingress')).startIngressService({
        ...shared,
        database,
        stores,
        controlPlane,
        cache: responseCache?.cache,
        blocking: { replies: blocking(), jobSettled: blocking() },
        localReplies: localReplies.ingress,
        localHandoff: localHandoff.ingress,
      });
    }
    const started = ingress;
    if (started) stoppers.unshift(() => started.stop());
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    services: env.SLUICE_SERVICES,
    url: ingress?.url,
    routes: ingress?.routes ?? [],
    stop: stopAll,
  };
}

/**
 * The links of the ingress and the worker of this process to one in-process channel — the reply channel (README.md,
 * "Reply channel") or the sync hand-off (docs/sync-handoff.md): the given end for whichever of them runs on this
 * thread, or, when this thread runs both, the two ends of a new channel (none when `newEnds` gives none).
 */
function linksOnThisThread<End, Link>(
  wanted: ReadonlySet<ServiceName>,
  given: End | undefined,
  newEnds: () => { ingress: End; worker: End } | undefined,
  linkOf: (end: End) => Link,
): { ingress?: Link; worker?: Link } {
  if (given) {
    const link = linkOf(given);
    return { ingress: wanted.has('ingress') ? link : undefined, worker: wanted.has('worker') ? link : undefined };
  }
  const ends = wanted.has('ingress') && wanted.has('worker') ? newEnds() : undefined;
  return ends ? { ingress: linkOf(ends.ingress), worker: linkOf(ends.worker) } : {};
}

function closeAndThrow(connections: RedisConnectionSet): (error: unknown) => never {
  return (error) => {
    connections.close();
    throw error;
  };
}
