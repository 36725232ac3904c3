import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createBatchRunner } from '@sluice/batches';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { BudgetLedger, createGovernanceKeys, keyStandingProblem, VirtualKeyStore } from '@sluice/governance';
import { DeliveryLog, JobStore } from '@sluice/jobs';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import { connectRedis, type ProviderQueues, type QueueCatalog, settlesWithin } from '@sluice/queues';
import { createWebhookDispatcher } from './webhook-dispatcher';
import { WebhookSender } from './webhook-sender';

export interface WebhooksServiceOptions {
  env: Env;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  queues: ProviderQueues;
  database: SqlDatabase;
  logger: Logger;
}

export interface RunningWebhooksService {
  stop(): Promise<void>;
}

/** Largest batch, in requests (OpenAI's limit). */
const MAX_BATCH_LINES = 50_000;

/**
 * The async dispatcher: delivers job webhooks (signed, retried, SSRF-guarded) and runs batches (validates their
 * files, feeds their lines to the provider queues at batch priority, writes their output files). Any number of
 * these processes may run side by side.
 */
export async function startWebhooksService(options: WebhooksServiceOptions): Promise<RunningWebhooksService> {
  const { env, catalog } = options;
  const logger = options.logger.child({ service: 'webhooks' });
  const retry = { attempts: env.SLUICE_WEBHOOK_ATTEMPTS, backoffMs: env.SLUICE_WEBHOOK_BACKOFF_MS };
  const sender = new WebhookSender({
    allowPrivate: env.SLUICE_WEBHOOK_ALLOW_PRIVATE,
    timeoutMs: env.SLUICE_WEBHOOK_TIMEOUT_MS,
  });
  const dispatcherConnection = connectRedis(env, 'blocking');
  const dispatcher = createWebhookDispatcher({
    connection: dispatcherConnection,
    catalog,
    store: new JobStore({
      redis: options.redis,
      keyPrefix: catalog.jobKeys,
      hashTag: catalog.hashTag,
      retentionS: env.SLUICE_JOB_RETENTION_S,
    }),
    log: new DeliveryLog(options.redis, catalog.jobKeys, catalog.hashTag, env.SLUICE_JOB_RETENTION_S),
    sender,
    retry,
    concurrency: 64,
    logger,
  });
  const runnerConnection = connectRedis(env, 'blocking');
  const standing = {
    store: new VirtualKeyStore(options.database),
    ledger: new BudgetLedger(options.redis, createGovernanceKeys(catalog.prefix, catalog.hashTag)),
  };
  const runner = createBatchRunner({
    database: options.database,
    redis: options.redis,
    blockingRedis: runnerConnection,
    batchKeys: catalog.batchKeys,
    config: () => options.config,
    queues: options.queues,
    limits: {
      maxInFlight: env.SLUICE_BATCH_MAX_IN_FLIGHT,
      maxLines: MAX_BATCH_LINES,
      maxLineChars: env.SLUICE_BODY_LIMIT,
    },
    owner: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseMs: env.SLUICE_BATCH_LEASE_MS,
    keyProblem: (keyId) => keyStandingProblem(keyId, standing),
    onError: (error, batchId) =>
      logger.warn({ err: error, batchId }, 'batch runner error; the batch resumes from its recorded progress'),
  });
  void dispatcher.run();
  await dispatcher.waitUntilReady();
  await runner.start();
  logger.info({ allowPrivate: env.SLUICE_WEBHOOK_ALLOW_PRIVATE }, 'webhooks service started');
  return {
    async stop() {
      const drained = await settlesWithin(dispatcher.close(), env.SLUICE_DRAIN_TIMEOUT_MS);
      if (!drained) await dispatcher.disconnect();
      const runnerStopped = runner.stop();
      runnerConnection.disconnect();
      await settlesWithin(runnerStopped, env.SLUICE_DRAIN_TIMEOUT_MS);
      await sender.close();
      dispatcherConnection.disconnect();
    },
  };
}
