import {
  createGovernanceKeys,
  type GovernanceStoreOptions,
  InvalidationBus,
  type ProviderKeySource,
  ProviderKeyVault,
  parseMasterKeys,
  VaultKeyResolver,
} from '@sluice/governance';
import { configKeyResolver } from '@sluice/worker';

/** What the vault is opened from: the same as the governance stores (the master keys, config, Redis, database). */
export type ProviderKeyVaultOptions = GovernanceStoreOptions;

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
