import type { GatewayConfig } from '@sluice/config';

/** Where a worker finds a provider account's key at call time; jobs only carry the account id. */
export interface ProviderKeyResolver {
  keyFor(providerId: string): Promise<string | undefined>;
}

/** Keys from the config file (interpolated from the environment at start). */
export function configKeyResolver(config: GatewayConfig): ProviderKeyResolver {
  return { keyFor: async (providerId) => config.providers[providerId]?.api_key };
}
