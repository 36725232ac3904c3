import { configNamedBy, type GatewayConfig } from '@sluice/config';
import { PermissionError } from '@sluice/errors';
import type { VirtualKey } from './virtual-key-schemas';

/** What a request asks to be routed by: its model, and the `x-sluice-config` header if any. */
export interface RouteChoice {
  model: string;
  configHeader: string | undefined;
}

export interface RouteDecision {
  /** A config the request must use because the key says so (its default config), when it names none itself. */
  configOverride: string | undefined;
}

/** `*` matches any run of characters: `gpt-4o*`, `openai/*`. */
export function matchesModelPattern(patterns: readonly string[], model: string): boolean {
  return patterns.some((pattern) => (pattern.includes('*') ? wildcard(pattern).test(model) : pattern === model));
}

/**
 * Applies a key's `allowed_models`, `allowed_configs` and default `config` to a request's routing choice:
 * a model outside `allowed_models` or a config outside `allowed_configs` is a 403; inline configs are refused to a
 * restricted key; a request that names no config of its own runs on the key's default config.
 */
export function authorizeRoute(key: VirtualKey, choice: RouteChoice, config: GatewayConfig): RouteDecision {
  const restricted = key.allowedModels.length > 0 || key.allowedConfigs.length > 0;
  if (key.allowedModels.length > 0 && !matchesModelPattern(key.allowedModels, choice.model)) {
    throw new PermissionError(
      `this key may not use model "${choice.model}"; it may use: ${key.allowedModels.join(', ')}`,
      'model_not_allowed',
    );
  }
  const header = choice.configHeader?.trim();
  if (header) {
    if (header.startsWith('{')) {
      if (restricted)
        throw new PermissionError('this key may not send inline configs in x-sluice-config', 'config_not_allowed');
      return { configOverride: undefined };
    }
    assertConfigAllowed(key, header);
    return { configOverride: undefined };
  }
  const named = configNamedBy(config, choice.model);
  if (named !== undefined) {
    if (key.allowedConfigs.length > 0) assertConfigAllowed(key, named);
    return { configOverride: undefined };
  }
  if (key.config !== null) return { configOverride: key.config };
  if (key.allowedConfigs.length > 0) {
    const fallback = config.default_config;
    if (fallback !== undefined && key.allowedConfigs.includes(fallback)) return { configOverride: fallback };
    throw new PermissionError(
      `this key must route by one of its configs (${key.allowedConfigs.join(', ')}): name one in x-sluice-config or as the model`,
      'config_not_allowed',
    );
  }
  return { configOverride: undefined };
}

function assertConfigAllowed(key: VirtualKey, configId: string): void {
  if (configId === key.config) return;
  if (key.allowedConfigs.length > 0) {
    if (key.allowedConfigs.includes(configId)) return;
    throw new PermissionError(
      `this key may not use config "${configId}"; it may use: ${key.allowedConfigs.join(', ')}`,
      'config_not_allowed',
    );
  }
  if (key.allowedModels.length > 0 && !matchesModelPattern(key.allowedModels, configId)) {
    throw new PermissionError(
      `this key may not use config "${configId}"; it may use: ${key.allowedModels.join(', ')}`,
      'config_not_allowed',
    );
  }
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
