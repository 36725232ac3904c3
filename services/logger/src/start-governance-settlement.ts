import type { GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import {
  BudgetAlertSender,
  BudgetLedger,
  ConsumerRateLimiter,
  createGovernanceKeys,
  InvalidationBus,
  VirtualKeyDirectory,
  VirtualKeyStore,
} from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { QueueCatalog, RedisClient } from '@sluice/queues';
import { PriceBook } from '@sluice/request-log';
import { startGovernanceSettler } from './governance-settler';

export interface GovernanceSettlementOptions {
  config: GatewayConfig;
  catalog: QueueCatalog;
  database: SqlDatabase;
  /** The shared command connection. */
  redis: RedisClient;
  /** The settler's completion-event reader, a connection of its own. */
  events: RedisClient;
  /** The invalidation bus's subscription (keys' budgets change through the admin API), a connection of its own. */
  invalidations: RedisClient;
  /** Whether budget alerts may go to private addresses (SLUICE_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateWebhooks: boolean;
  logger: Logger;
}

/** Periodic full refresh of the keys' budgets, in case an invalidation message was lost. */
const SAFETY_REFRESH_MS = 30_000;

/**
 * Budget and rate-limit settlement beside the request log: the virtual keys' budgets, cached here and kept current
 * through the invalidation bus, and the settler that charges each completion's real cost (docs/limits-and-input.md).
 */
export async function startGovernanceSettlement(
  options: GovernanceSettlementOptions,
): Promise<{ stop(): Promise<void> }> {
  const { logger } = options;
  const keys = createGovernanceKeys(options.catalog.prefix, options.catalog.hashTag);
  const directory = new VirtualKeyDirectory(new VirtualKeyStore(options.database));
  const bus = new InvalidationBus({
    publisher: options.redis,
    subscriber: options.invalidations,
    channel: keys.invalidateChannel,
    onError: (error, topic) =>
      logger.warn({ err: error, topic }, 'could not refresh the cached virtual keys; retrying on the next change'),
  });
  bus.on('virtual-keys', () => directory.refresh());
  await directory.refresh();
  await bus.start();
  const timer = setInterval(
    () => void directory.refresh().catch((error: unknown) => logger.warn({ err: error }, 'virtual key refresh failed')),
    SAFETY_REFRESH_MS,
  );
  timer.unref();
  const settler = await startGovernanceSettler({
    redis: options.events,
    streamKey: options.catalog.completionEvents,
    directory,
    ledger: new BudgetLedger(options.redis, keys),
    limiter: new ConsumerRateLimiter(options.redis, keys),
    priceBook: new PriceBook(options.config.pricing),
    alerts: new BudgetAlertSender({
      allowPrivate: options.allowPrivateWebhooks,
      onFailure: (error, destination) =>
        logger.warn(
          { err: error instanceof Error ? error.message : String(error), destination },
          'budget alert could not be delivered',
        ),
    }),
    logger,
  });
  return {
    async stop() {
      clearInterval(timer);
      await settler.stop();
      await bus.stop();
    },
  };
}
