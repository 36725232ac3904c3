import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createBatchRunner } from '@sluice/batches';
import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import { BudgetLedger, createGovernanceKeys, keyStandingProblem, VirtualKeyStore } from '@sluice/governance';
import { DeliveryLog, JobStore } from '@sluice/jobs';
import type { Logger } from '@sluice/observability';
import type { RedisClient } from '@sluice/queues';
import { type ProviderQueues, type QueueCatalog, settlesWithin } from '@sluice/queues';
import { createWebhookDispatcher } from './webhook-dispatcher';
import { WebhookSender } from './webhook-sender';

/** The settings the webhooks service reads (docs/configuration.md). */
export type WebhooksSettings = Pick<
  Env,
  | 'SLUICE_WEBHOOK_ATTEMPTS'
  | 'SLUICE_WEBHOOK_BACKOFF_MS'
  | 'SLUICE_WEBHOOK_ALLOW_PRIVATE'
  | 'SLUICE_WEBHOOK_TIMEOUT_MS'
  | 'SLUICE_JOB_RETENTION_S'
  | 'SLUICE_BATCH_MAX_IN_FLIGHT'
  | 'SLUICE_BODY_LIMIT'
  | 'SLUICE_BATCH_LEASE_MS'
  | 'SLUICE_DRAIN_TIMEOUT_MS'
>;

export interface WebhooksServiceOptions {
  settings: WebhooksSettings;
  config: GatewayConfig;
  catalog: QueueCatalog;
  /** The shared command connection. */
  redis: RedisClient;
  /** Connections of the service's own that wait on Redis; the caller opens them and disconnects them after `stop`. */
  blocking: {
    /** The webhook queue's BullMQ worker (which duplicates its blocking client from it). */
    dispatcher: RedisClient;
    /** The batch result stream's reader. */
    batchResults: RedisClient;
  };
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
  const { settings, catalog } = options;
  const logger = options.logger.child({ service: 'webhooks' });
  const retry = { attempts: settings.SLUICE_WEBHOOK_ATTEMPTS, backoffMs: settings.SLUICE_WEBHOOK_BACKOFF_MS };
  const sender = new WebhookSender({
    allowPrivate: settings.SLUICE_WEBHOOK_ALLOW_PRIVATE,
    timeoutMs: settings.SLUICE_WEBHOOK_TIMEOUT_MS,
  });
  const dispatcher = createWebhookDispatcher({
    connection: options.blocking.dispatcher,
    catalog,
    store: new JobStore({
      redis: options.redis,
      keyPrefix: catalog.jobKeys,
      hashTag: catalog.hashTag,
      retentionS: settings.SLUICE_JOB_RETENTION_S,
    }),
    log: new DeliveryLog(options.redis, catalog.jobKeys, catalog.hashTag, settings.SLUICE_JOB_RETENTION_S),
    sender,
    retry,
    concurrency: 64,
    logger,
  });
  const standing = {
    store: new VirtualKeyStore(options.database),
    ledger: new BudgetLedger(options.redis, createGovernanceKeys(catalog.prefix, catalog.hashTag)),
  };
  const runner = createBatchRunner({
    database: options.database,
    redis: options.redis,
    blockingRedis: options.blocking.batchResults,
    batchKeys: catalog.batchKeys,
    config: () => options.config,
    queues: options.queues,
    limits: {
      maxInFlight: settings.SLUICE_BATCH_MAX_IN_FLIGHT,
      maxLines: MAX_BATCH_LINES,
      maxLineChars: settings.SLUICE_BODY_LIMIT,
    },
    owner: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    leaseMs: settings.SLUICE_BATCH_LEASE_MS,
    keyProblem: (keyId) => keyStandingProblem(keyId, standing),
    onError: (error, batchId) =>
      logger.warn({ err: error, batchId }, 'batch runner error; the batch resumes from its recorded progress'),
  });
  void dispatcher.run();
  await dispatcher.waitUntilReady();
  await runner.start();
  logger.info({ allowPrivate: settings.SLUICE_WEBHOOK_ALLOW_PRIVATE }, 'webhooks service started');
  return {
    async stop() {
      const drained = await settlesWithin(dispatcher.close(), settings.SLUICE_DRAIN_TIMEOUT_MS);
      if (!drained) await dispatcher.disconnect();
      const runnerStopped = runner.stop();
      options.blocking.batchResults.disconnect();
      await settlesWithin(runnerStopped, settings.SLUICE_DRAIN_TIMEOUT_MS);
      await sender.close();
    },
  };
}
