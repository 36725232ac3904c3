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
import type { RedisClient } from '@sluice/queues';
import { connectRedis, type QueueCatalog } from '@sluice/queues';
import { configKeyResolver } from '@sluice/worker';

export interface ProviderKeyVaultOptions {
  env: Env;
  config: GatewayConfig;
  catalog: QueueCatalog;
  redis: RedisClient;
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
  const { env } = options;
  const vault = new ProviderKeyVault(
    options.database,
    parseMasterKeys(env.SLUICE_MASTER_KEY, env.SLUICE_MASTER_KEY_PREVIOUS),
  );
  const resolver = new VaultKeyResolver(vault, configKeyResolver(options.config));
  const bus = new InvalidationBus({
    publisher: options.redis,
    subscriber: connectRedis(env, 'blocking'),
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
