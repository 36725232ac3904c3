import type { InvalidationBus } from '../invalidation-bus';
import type { ProviderKeyVault } from './provider-key-vault';

/** The worker's view of provider keys: `keyFor(providerId)` at call time. */
export interface ProviderKeySource {
  keyFor(providerId: string): Promise<string | undefined>;
}

/**
 * Provider keys from the vault, opened once and cached in memory; a rotation announced on the bus replaces the
 * cache in every process. A stored key wins over the config file's; without one, the file's key is used.
 */
export class VaultKeyResolver implements ProviderKeySource {
  private keys = new Map<string, string>();

  constructor(
    private readonly vault: ProviderKeyVault,
    private readonly fallback: ProviderKeySource,
  ) {}

  async start(bus: InvalidationBus): Promise<void> {
    await this.vault.verify();
    await this.refresh();
    bus.on('provider-keys', () => this.refresh());
  }

  async refresh(): Promise<void> {
    this.keys = await this.vault.openAll();
  }

  async keyFor(providerId: string): Promise<string | undefined> {
    return this.keys.get(providerId) ?? (await this.fallback.keyFor(providerId));
  }
}
