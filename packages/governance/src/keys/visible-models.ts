import { configNamedBy, type GatewayConfig, listModelsWith, type ModelEntry, unlistedModelEntry } from '@sluice/config';
import { matchesModelPattern } from './authorize-route';
import type { VirtualKey } from './virtual-key-schemas';

/** The models a key may call (everything for an unrestricted key, or without a key), as GET /v1/models lists them. */
export function visibleModels(config: GatewayConfig, key: VirtualKey | undefined): ModelEntry[] {
  const visible = modelVisibility(key, config);
  return listModelsWith(config, namedAllowedModels(key)).filter((entry) => visible(entry.id));
}

/**
 * The model `id` as GET /v1/models/{id} shows it — a config, an alias (exact or by a glob of `models:`), a listed
 * model, or `provider/model` on a configured account — when the key may call it; undefined otherwise.
 */
export function visibleModel(config: GatewayConfig, key: VirtualKey | undefined, id: string): ModelEntry | undefined {
  const entry =
    listModelsWith(config, namedAllowedModels(key)).find((model) => model.id === id) ?? unlistedModelEntry(config, id);
  return entry !== undefined && modelVisibility(key, config)(id) ? entry : undefined;
}

function modelVisibility(key: VirtualKey | undefined, config: GatewayConfig): (id: string) => boolean {
  if (!key || (key.allowedModels.length === 0 && key.allowedConfigs.length === 0)) return () => true;
  const configs = new Set([...key.allowedConfigs, ...(key.config === null ? [] : [key.config])]);
  return (id) => {
    if (configs.has(id) || configs.has(configNamedBy(config, id) ?? '')) return true;
    if (key.allowedModels.length === 0) return false;
    return matchesModelPattern(key.allowedModels, id);
  };
}

/** The model names a key's `allowed_models` spells out (its patterns name no single model); none for other keys. */
function namedAllowedModels(key: VirtualKey | undefined): string[] {
  return (key?.allowedModels ?? []).filter((model) => !model.includes('*'));
}
