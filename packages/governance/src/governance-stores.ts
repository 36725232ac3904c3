import type { Env, GatewayConfig } from '@sluice/config';
import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import type { QueueCatalog, RedisClient } from '@sluice/queues';
import { ConfigStore } from './documents/config-store';
import { VersionedDocumentStore } from './documents/versioned-document-store';
import { createGovernanceKeys, type GovernanceKeys } from './governance-keys';
import { InvalidationBus } from './invalidation-bus';
import { VirtualKeyDirectory } from './keys/virtual-key-directory';
import { VirtualKeyStore } from './keys/virtual-key-store';
import { PromptStore } from './prompts/prompt-store';
import { parseMasterKeys } from './vault/master-key';
import { ProviderKeyVault } from './vault/provider-key-vault';

export interface GovernanceStoreOptions {
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
 * Everything stored that governance reads — what the ingress admits by and the console edits —, cached in this
 * process and kept current through the invalidation bus.
 */
export interface GovernanceStores {
  keys: GovernanceKeys;
  bus: InvalidationBus;
  configs: ConfigStore;
  configDocuments: VersionedDocumentStore;
  prompts: PromptStore;
  promptDocuments: VersionedDocumentStore;
  virtualKeys: VirtualKeyStore;
  directory: VirtualKeyDirectory;
  vault: ProviderKeyVault;
  refreshAll(): Promise<void>;
  /** Ends the periodic refresh and the bus's subscription. */
  stop(): Promise<void>;
}

/** Periodic full refresh, in case an invalidation message was lost. */
const SAFETY_REFRESH_MS = 30_000;

/** Opens the stores, loads their caches, and subscribes to changes from every other process. */
export async function openGovernanceStores(options: GovernanceStoreOptions): Promise<GovernanceStores> {
  const { settings, database, logger } = options;
  const keys = createGovernanceKeys(options.catalog.prefix, options.catalog.hashTag);
  const vault = new ProviderKeyVault(
    database,
    parseMasterKeys(settings.SLUICE_MASTER_KEY, settings.SLUICE_MASTER_KEY_PREVIOUS),
  );
  await vault.verify();
  const resealed = await vault.resealUnderCurrentKey();
  if (resealed > 0)
    logger.info(
      { resealed },
      'stored provider keys sealed again under the new SLUICE_MASTER_KEY; remove SLUICE_MASTER_KEY_PREVIOUS once every process runs with the new key',
    );
  const configDocuments = new VersionedDocumentStore(database, 'stored_configs');
  const promptDocuments = new VersionedDocumentStore(database, 'stored_prompts');
  const configs = new ConfigStore(options.config, configDocuments);
  const prompts = new PromptStore(promptDocuments);
  const virtualKeys = new VirtualKeyStore(database);
  const directory = new VirtualKeyDirectory(virtualKeys);
  const bus = new InvalidationBus({
    publisher: options.redis,
    subscriber: options.invalidations,
    channel: keys.invalidateChannel,
    onError: (error, topic) =>
      logger.warn({ err: error, topic }, 'could not refresh cached governance data; retrying on the next change'),
  });
  bus.on('configs', () => configs.refresh());
  bus.on('prompts', () => prompts.refresh());
  bus.on('virtual-keys', () => directory.refresh());
  const refreshAll = async () => {
    await Promise.all([configs.refresh(), prompts.refresh(), directory.refresh()]);
  };
  await refreshAll();
  await bus.start();
  const timer = setInterval(
    () => void refreshAll().catch((error: unknown) => logger.warn({ err: error }, 'governance refresh failed')),
    SAFETY_REFRESH_MS,
  );
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    await bus.stop();
  };
  return {
    keys,
    bus,
    configs,
    configDocuments,
    prompts,
    promptDocuments,
    virtualKeys,
    directory,
    vault,
    refreshAll,
    stop,
  };
}
