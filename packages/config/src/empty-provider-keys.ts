import type { GatewayConfig } from './config-schema';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * One warning per provider account whose api_key is missing or empty after interpolation, naming the account and the
 * variable it was meant to come from (or the field, when it names none). A key stored through
 * `/admin/provider-keys` still serves such an account, so this warns rather than refuses.
 */
export function emptyProviderKeys(config: GatewayConfig, document: unknown): string[] {
  return Object.entries(config.providers)
    .filter(([, account]) => account.api_key === undefined || account.api_key.trim() === '')
    .map(([id]) => {
      const field = `providers.${id}.api_key`;
      const variable = REFERENCE.exec(rawApiKey(document, id) ?? '')?.[1];
      const origin = variable === undefined ? `${field} is not set` : `${field} comes from ${variable}, which is empty`;
      return `provider account "${id}" has no API key: ${origin}; its requests will fail unless a key is stored with PUT /admin/provider-keys/${id}`;
    });
}

function rawApiKey(document: unknown, id: string): string | undefined {
  const providers = (document as { providers?: Record<string, { api_key?: unknown }> } | null)?.providers;
  const value = providers?.[id]?.api_key;
  return typeof value === 'string' ? value : undefined;
}
