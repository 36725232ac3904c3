import type { Env, GatewayConfig, ProviderType } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import { HttpTransport, type ProviderAdapter } from '@sluice/providers';
import type { RedisClient } from '@sluice/queues';
import {
  CancelListener,
  CompletionEventPublisher,
  connectRedis,
  MediaBlobStore,
  mediaBlobTtlMs,
  type ProviderQueues,
  type QueueCatalog,
  settlesWithin,
} from '@sluice/queues';
import type { Worker } from 'bullmq';
import { CircuitBreaker } from './circuit-breaker';
import { createJobDelivery } from './create-job-delivery';
import { createProviderWorker } from './create-provider-worker';
import type { JobDelivery } from './job-delivery';
import { outageTolerantDelivery } from './outage-tolerant-delivery';
import { configKeyResolver, type ProviderKeyResolver } from './provider-key-resolver';
import { applyProviderLimits } from './provider-limits';
import { RequestPacer } from './request-pacer';
import { TokenBudget } from './token-budget';

export interface WorkerServiceOptions {
  env: Env;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  queues: ProviderQueues;
  logger: Logger;
  keys?: ProviderKeyResolver;
  /** Defaults to replies for sync requests, job records for async jobs and line results for batches. */
  delivery?: JobDelivery;
  /** The translator of each provider type; the built-in adapters unless a test injects one. */
  adapters?: (type: ProviderType) => ProviderAdapter;
}

export interface RunningWorkerService {
  providers: string[];
  /** Stops taking jobs and waits for the ones in flight, up to the drain timeout. */
  stop(): Promise<void>;
}

/** Starts one BullMQ worker per provider account this process serves. */
export async function startWorkerService(options: WorkerServiceOptions): Promise<RunningWorkerService> {
  const { env, config, catalog, logger } = options;
  const providers = (env.SLUICE_WORKER_PROVIDERS ?? Object.keys(config.providers)).filter(
    (id) => id in config.providers,
  );
  const transport = new HttpTransport({ connectionsPerOrigin: env.SLUICE_WORKER_CONCURRENCY });
  const cancels = new CancelListener(connectRedis(env, 'blocking'), catalog.cancelChannel);
  await cancels.start();
  const keyPrefix = `${catalog.prefix}:limits`;
  const jobDelivery = createJobDelivery({ env, config, catalog, redis: options.redis });
  const workerLogger = logger.child({ service: 'worker' });
  const dependencies = {
    config: () => config,
    breaker: new CircuitBreaker(options.redis, keyPrefix, catalog.hashTag, {
      failures: env.SLUICE_BREAKER_FAILURES,
      windowMs: env.SLUICE_BREAKER_WINDOW_MS,
      cooldownMs: env.SLUICE_BREAKER_COOLDOWN_MS,
    }),
    tokens: new TokenBudget(options.redis, keyPrefix),
    pacer: new RequestPacer(options.redis, keyPrefix),
    maxRateLimitDeferrals: env.SLUICE_MAX_RATE_LIMIT_DEFERRALS,
    transport,
    keys: options.keys ?? configKeyResolver(config),
    queues: options.queues,
    delivery: outageTolerantDelivery(options.delivery ?? jobDelivery.delivery, { logger: workerLogger }),
    adapters: options.adapters,
    blobs: new MediaBlobStore(options.redis, catalog.mediaBlobs, catalog.hashTag, mediaBlobTtlMs(env)),
    events: new CompletionEventPublisher(options.redis, catalog.completionEvents),
    cancels,
    logger: workerLogger,
  };
  await Promise.all(
    providers.map((providerId) =>
      applyProviderLimits(options.queues.queueFor(providerId), config.providers[providerId]?.limits),
    ),
  );
  const connections: RedisClient[] = [];
  const workers: Worker[] = providers.map((providerId) => {
    const connection = connectRedis(env, 'blocking');
    connections.push(connection);
    const concurrency = Math.min(
      config.providers[providerId]?.limits?.concurrency ?? env.SLUICE_WORKER_CONCURRENCY,
      env.SLUICE_WORKER_CONCURRENCY,
    );
    return createProviderWorker({
      providerId,
      connection,
      catalog,
      concurrency,
      dependencies,
      lockMs: env.SLUICE_JOB_LOCK_MS,
    });
  });
  for (const worker of workers) void worker.run();
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  dependencies.logger.info({ providers }, 'worker service started');

  return {
    providers,
    async stop() {
      const drained = await settlesWithin(
        Promise.all(workers.map((worker) => worker.close())),
        env.SLUICE_DRAIN_TIMEOUT_MS,
      );
      if (!drained) {
        dependencies.logger.warn('drain timeout: unfinished jobs go back to the queue when their locks expire');
        await settlesWithin(Promise.all(workers.map((worker) => worker.close(true))), 2_000);
        await Promise.all(workers.map((worker) => worker.disconnect()));
      }
      await cancels.stop();
      await settlesWithin(jobDelivery.close(), 2_000);
      await settlesWithin(transport.close(), 2_000);
      for (const connection of connections) connection.disconnect();
    },
  };
}
