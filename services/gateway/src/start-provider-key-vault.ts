import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import {
  createGovernanceKeys,
  InvalidationBus,
  type ProviderKeySource,
  ProviderKeyVault,
  parseMasterKeys,
  VaultKeyResolver,
} from '@sluice/governance';
import type { Logger } from '@sluice/observability';
import type { QueueCatalog, RedisClient } from '@sluice/queues';
import { configKeyResolver } from '@sluice/worker';

export interface ProviderKeyVaultOptions {
  settings: Pick<Env, 'SLUICE_MASTER_KEY' | 'SLUICE_MASTER_KEY_PREVIOUS'>;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
  /** The invalidation bus's subscription, a connection of its own. */
  invalidations: RedisClient;
  database: SqlDatabase;
  logger: Logger;
}

/**
 * The workers' provider keys: keys stored through the admin API (opened with SLUICE_MASTER_KEY) over the config
 * file's; a rotation announced on the invalidation bus reaches this process within a second, without a restart.
 */
export async function startProviderKeyVault(
  options: ProviderKeyVaultOptions,
): Promise<{ keys: ProviderKeySource; stop(): Promise<void> }> {
  const { settings } = options;
  const vault = new ProviderKeyVault(
    options.database,
    parseMasterKeys(settings.SLUICE_MASTER_KEY, settings.SLUICE_MASTER_KEY_PREVIOUS),
  );
  const resolver = new VaultKeyResolver(vault, configKeyResolver(options.config));
  const bus = new InvalidationBus({
    publisher: options.redis,
    subscriber: options.invalidations,
    channel: createGovernanceKeys(options.catalog.prefix, options.catalog.hashTag).invalidateChannel,
    onError: (error) =>
      options.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'could not reload the stored provider keys',
      ),
  });
  await resolver.start(bus);
  await bus.start();
  return { keys: resolver, stop: () => bus.stop() };
}
