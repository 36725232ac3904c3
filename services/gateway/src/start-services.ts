import type { Env, GatewayConfig, ServiceName } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { RouteDescription, startIngressService } from '@sluice/ingress';
import type { Logger } from '@sluice/observability';
import { connectRedis, createQueueCatalog, ensureRedisReachable, ProviderQueues, settlesWithin } from '@sluice/queues';
import { openDatabase } from './open-database';
import { startProviderKeyVault } from './start-provider-key-vault';

export interface RunningGateway {
  services: ServiceName[];
  /** The ingress address, when this process runs the ingress. */
  url: string | undefined;
  /** The ingress's routes, when this process runs the ingress. */
  routes: RouteDescription[];
  stop(): Promise<void>;
}

export interface StartServicesOptions {
  /** A database another thread owns (embedded PGlite served over a port); this process neither migrates nor closes it. */
  database?: SqlDatabase;
}

/**
 * Starts the services SLUICE_SERVICES names, sharing one Redis connection and queue catalog. Each service's code (and
 * the libraries only it uses: express, BullMQ's worker, the webhook sender…) is imported only when this process or
 * thread runs it, so a thread of one service does not hold the others' code in memory.
 */
export async function startServices(
  env: Env,
  config: GatewayConfig,
  logger: Logger,
  options: StartServicesOptions = {},
): Promise<RunningGateway> {
  const redis = connectRedis(env, 'command');
  await ensureRedisReachable(redis, env);
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis connection error'));
  const catalog = createQueueCatalog(env.SLUICE_QUEUE_PREFIX, { cluster: env.REDIS_CLUSTER_NODES !== undefined });
  const queues = new ProviderQueues(redis, catalog);
  const wanted = new Set(env.SLUICE_SERVICES);
  const needsDatabase =
    options.database !== undefined ||
    wanted.has('ingress') ||
    wanted.has('logger') ||
    wanted.has('webhooks') ||
    (wanted.has('worker') && env.DATABASE_URL !== undefined);
  const ownDatabase =
    needsDatabase && options.database === undefined
      ? await openDatabase(env, logger).catch(disconnectAndThrow(redis))
      : undefined;
  const database = needsDatabase ? (options.database ?? ownDatabase) : undefined;
  const shared = { env, config, catalog, redis, queues, logger };
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
    redis.disconnect();
  };

  let ingress: Awaited<ReturnType<typeof startIngressService>> | undefined;
  try {
    // A service that fails to start stops the ones started before it, so a failed start leaves nothing running.
    const cacheModule = wanted.has('ingress') || wanted.has('cache') ? await import('@sluice/cache') : undefined;
    const responseCache = cacheModule ? await cacheModule.openResponseCache(shared) : undefined;
    if (responseCache) closeResponseCache = () => responseCache.close();
    const vault = wanted.has('worker') && database ? await startProviderKeyVault({ ...shared, database }) : undefined;
    if (wanted.has('worker') && !database && env.SLUICE_MASTER_KEY !== undefined) {
      logger.warn(
        'SLUICE_MASTER_KEY is set but this worker has no DATABASE_URL: stored provider keys are not used, only the config file’s',
      );
    }
    if (vault) stoppers.push(() => vault.stop());
    const worker = wanted.has('worker')
      ? await (await import('@sluice/worker')).startWorkerService({ ...shared, keys: vault?.keys })
      : undefined;
    if (worker) stoppers.unshift(() => worker.stop());
    const loggerService =
      wanted.has('logger') && database
        ? await (await import('@sluice/logger')).startLoggerService({ ...shared, database })
        : undefined;
    if (loggerService) stoppers.push(() => loggerService.stop());
    const cacheService =
      wanted.has('cache') && cacheModule && responseCache
        ? await cacheModule.startCacheService({ ...shared, cache: responseCache.cache })
        : undefined;
    if (cacheService) stoppers.push(() => cacheService.stop());
    const webhooks =
      wanted.has('webhooks') && database
        ? await (await import('@sluice/webhooks')).startWebhooksService({ ...shared, database })
        : undefined;
    if (webhooks) stoppers.push(() => webhooks.stop());
    ingress =
      wanted.has('ingress') && database
        ? await (await import('@sluice/ingress')).startIngressService({
            ...shared,
            database,
            cache: responseCache?.cache,
          })
        : undefined;
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

function disconnectAndThrow(redis: { disconnect(): void }): (error: unknown) => never {
  return (error) => {
    redis.disconnect();
    throw error;
  };
}
