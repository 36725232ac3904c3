import type { Env, GatewayConfig, ProviderType } from '@sluice/config';
import type { Logger } from '@sluice/observability';
import { HttpTransport, type ProviderAdapter } from '@sluice/providers';
import type { RedisClient } from '@sluice/queues';
import {
  CancelListener,
  CompletionEventPublisher,
  type LocalHandoffLink,
  type LocalReplyLink,
  MediaBlobStore,
  mediaBlobTtlMs,
  type ProviderQueues,
  type QueueCatalog,
  settlesWithin,
} from '@sluice/queues';
import type { Worker } from 'bullmq';
import { AccountPauses } from './account-pauses';
import { CircuitBreaker } from './circuit-breaker';
import { createJobDelivery } from './create-job-delivery';
import { createProviderWorker } from './create-provider-worker';
import { HandoffRunner, type ServedAccount } from './handoff-runner';
import type { JobDelivery } from './job-delivery';
import { outageTolerantDelivery } from './outage-tolerant-delivery';
import { configKeyResolver, type ProviderKeyResolver } from './provider-key-resolver';
import { applyProviderLimits } from './provider-limits';
import { RequestPacer } from './request-pacer';
import { TokenBudget } from './token-budget';

/** The settings the worker service reads (docs/configuration.md). */
export type WorkerSettings = Pick<
  Env,
  | 'SLUICE_WORKER_PROVIDERS'
  | 'SLUICE_WORKER_CONCURRENCY'
  | 'SLUICE_BREAKER_FAILURES'
  | 'SLUICE_BREAKER_WINDOW_MS'
  | 'SLUICE_BREAKER_COOLDOWN_MS'
  | 'SLUICE_MAX_RATE_LIMIT_DEFERRALS'
  | 'SLUICE_JOB_LOCK_MS'
  | 'SLUICE_DRAIN_TIMEOUT_MS'
  | 'SLUICE_REQUEST_TIMEOUT_MS'
  | 'SLUICE_WEBHOOK_ATTEMPTS'
  | 'SLUICE_WEBHOOK_BACKOFF_MS'
  | 'SLUICE_JOB_RETENTION_S'
>;

export interface WorkerServiceOptions {
  settings: WorkerSettings;
  config: GatewayConfig;
  catalog: QueueCatalog;
  /** The shared command connection. */
  redis: RedisClient;
  /** The connection BullMQ's producers share (RedisConnectionSet's `queues`); the command connection when absent. */
  queueConnection?: RedisClient;
  /** Connections of the worker's own that wait on Redis; the caller opens them and disconnects them after `stop`. */
  blocking: {
    /** The base the provider queues' BullMQ workers share; each duplicates its own blocking client from it. */
    workers: RedisClient;
    /** The subscription to the cancel channel and to the circuit breakers' trips. */
    cancels: RedisClient;
  };
  queues: ProviderQueues;
  logger: Logger;
  keys?: ProviderKeyResolver;
  /** Defaults to replies for sync requests, job records for async jobs and line results for batches. */
  delivery?: JobDelivery;
  /** The translator of each provider type; the built-in adapters unless a test injects one. */
  adapters?: (type: ProviderType) => ProviderAdapter;
  /** The ingress of this process: sync replies for it go over this port instead of its Redis reply stream. */
  localReplies?: LocalReplyLink;
  /** The ingress of this process hands its sync jobs to this worker over this link when a slot is free. */
  localHandoff?: LocalHandoffLink;
}

export interface RunningWorkerService {
  providers: string[];
  /** Stops taking jobs and waits for the ones in flight, up to the drain timeout. */
  stop(): Promise<void>;
}

/** Starts one BullMQ worker per provider account this process serves. */
export async function startWorkerService(options: WorkerServiceOptions): Promise<RunningWorkerService> {
  const { settings, config, catalog, logger } = options;
  const providers = (settings.SLUICE_WORKER_PROVIDERS ?? Object.keys(config.providers)).filter(
    (id) => id in config.providers,
  );
  const transport = new HttpTransport({ connectionsPerOrigin: settings.SLUICE_WORKER_CONCURRENCY });
  const cancels = new CancelListener(options.blocking.cancels, catalog.cancelChannel);
  await cancels.start();
  const keyPrefix = `${catalog.prefix}:limits`;
  const jobDelivery = createJobDelivery({
    settings,
    config,
    catalog,
    redis: options.redis,
    queueConnection: options.queueConnection ?? options.redis,
    localReplies: options.localReplies,
  });
  const workerLogger = logger.child({ service: 'worker' });
  const breaker = new CircuitBreaker(
    options.redis,
    keyPrefix,
    catalog.hashTag,
    {
      failures: settings.SLUICE_BREAKER_FAILURES,
      windowMs: settings.SLUICE_BREAKER_WINDOW_MS,
      cooldownMs: settings.SLUICE_BREAKER_COOLDOWN_MS,
    },
    { channel: catalog.breakerTripChannel, subscriber: options.blocking.cancels },
  );
  await breaker.start();
  const pauses = new AccountPauses(options.redis, options.blocking.cancels, catalog.accountPauseChannel);
  await pauses.start();
  const dependencies = {
    config: () => config,
    breaker,
    tokens: new TokenBudget(options.redis, keyPrefix),
    pacer: new RequestPacer(options.redis, keyPrefix),
    maxRateLimitDeferrals: settings.SLUICE_MAX_RATE_LIMIT_DEFERRALS,
    transport,
    keys: options.keys ?? configKeyResolver(config),
    queues: options.queues,
    delivery: outageTolerantDelivery(options.delivery ?? jobDelivery.delivery, { logger: workerLogger }),
    adapters: options.adapters,
    blobs: new MediaBlobStore(options.redis, catalog.mediaBlobs, catalog.hashTag, mediaBlobTtlMs(settings)),
    events: new CompletionEventPublisher(options.redis, catalog.completionEvents),
    cancels,
    logger: workerLogger,
  };
  await Promise.all(
    providers.map((providerId) =>
      applyProviderLimits(options.queues.queueFor(providerId), config.providers[providerId]?.limits),
    ),
  );
  const accounts = new Map<string, ServedAccount>();
  for (const providerId of providers) {
    const limit = config.providers[providerId]?.limits?.concurrency;
    const concurrency = Math.min(limit ?? settings.SLUICE_WORKER_CONCURRENCY, settings.SLUICE_WORKER_CONCURRENCY);
    const worker = createProviderWorker({
      providerId,
      connection: options.blocking.workers,
      catalog,
      concurrency,
      dependencies,
      pauses,
      slots: options.localHandoff?.slots,
      lockMs: settings.SLUICE_JOB_LOCK_MS,
    });
    accounts.set(providerId, { worker, concurrency, globallyLimited: limit !== undefined });
  }
  const workers: Worker[] = [...accounts.values()].map((account) => account.worker);
  for (const worker of workers) void worker.run();
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  const handoff = options.localHandoff
    ? new HandoffRunner({ link: options.localHandoff, accounts, dependencies, pauses })
    : undefined;
  dependencies.logger.info({ providers, syncHandoff: handoff !== undefined }, 'worker service started');

  return {
    providers,
    async stop() {
      const drained = await settlesWithin(
        Promise.all([handoff?.drain(), ...workers.map((worker) => worker.close())]),
        settings.SLUICE_DRAIN_TIMEOUT_MS,
      );
      if (!drained) {
        dependencies.logger.warn('drain timeout: unfinished jobs go back to the queue when their locks expire');
        await settlesWithin(Promise.all(workers.map((worker) => worker.close(true))), 2_000);
        await Promise.all(workers.map((worker) => worker.disconnect()));
      }
      handoff?.close();
      pauses.stop();
      breaker.stop();
      await cancels.stop();
      await settlesWithin(jobDelivery.close(), 2_000);
      await settlesWithin(transport.close(), 2_000);
    },
  };
}
