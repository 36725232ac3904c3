import type { Env, GatewayConfig, ServiceName } from '@sluice/config';
import { startIngressService } from '@sluice/ingress';
import { startLoggerService } from '@sluice/logger';
import type { Logger } from '@sluice/observability';
import { connectRedis, createQueueCatalog, ensureRedisReachable, ProviderQueues, settlesWithin } from '@sluice/queues';
import { startWorkerService } from '@sluice/worker';
import { openDatabase } from './open-database';

export interface RunningGateway {
  services: ServiceName[];
  /** The ingress address, when this process runs the ingress. */
  url: string | undefined;
  stop(): Promise<void>;
}

/** Starts the services SLUICE_SERVICES names, sharing one Redis connection and queue catalog. */
export async function startServices(env: Env, config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const redis = connectRedis(env.REDIS_URL, 'command');
  await ensureRedisReachable(redis, env.REDIS_URL);
  redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'Redis connection error'));
  const catalog = createQueueCatalog(env.SLUICE_QUEUE_PREFIX);
  const queues = new ProviderQueues(redis, catalog);
  const wanted = new Set(env.SLUICE_SERVICES);
  const database = wanted.has('ingress') || wanted.has('logger') ? await openDatabase(env, logger) : undefined;
  const shared = { env, config, catalog, redis, queues, logger };
  const stoppers: (() => Promise<void>)[] = [];

  const worker = wanted.has('worker') ? await startWorkerService(shared) : undefined;
  if (worker) stoppers.push(() => worker.stop());
  const loggerService = wanted.has('logger') && database ? await startLoggerService({ ...shared, database }) : undefined;
  if (loggerService) stoppers.push(() => loggerService.stop());
  const ingress = wanted.has('ingress') ? await startIngressService(shared) : undefined;
  if (ingress) stoppers.unshift(() => ingress.stop());

  return {
    services: env.SLUICE_SERVICES,
    url: ingress?.url,
    async stop() {
      const limitMs = env.SLUICE_DRAIN_TIMEOUT_MS + 5_000;
      for (const stop of stoppers) {
        if (!(await settlesWithin(stop(), limitMs))) logger.warn({ limitMs }, 'a service did not stop in time; exiting anyway');
      }
      await queues.close();
      await database?.close();
      redis.disconnect();
    },
  };
}

