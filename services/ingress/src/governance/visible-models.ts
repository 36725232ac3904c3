import { configNamedBy, type GatewayConfig } from '@sluice/config';
import { matchesModelPattern, virtualKeyOf } from '@sluice/governance';
import type { Request } from 'express';

/** GET /v1/models lists only what the request's virtual key may use (everything for an unrestricted key). */
export function modelVisibility(request: Request, config: GatewayConfig): (id: string) => boolean {
  const record = virtualKeyOf(request)?.record;
  if (!record || (record.allowedModels.length === 0 && record.allowedConfigs.length === 0)) return () => true;
  const configs = new Set([...record.allowedConfigs, ...(record.config === null ? [] : [record.config])]);
  return (id) => {
    if (configs.has(id) || configs.has(configNamedBy(config, id) ?? '')) return true;
    if (record.allowedModels.length === 0) return false;
    return matchesModelPattern(record.allowedModels, id);
  };
}

/** The model names a key's `allowed_models` spells out (its patterns name no single model); none for other keys. */
export function namedAllowedModels(request: Request): string[] {
  return (virtualKeyOf(request)?.record.allowedModels ?? []).filter((model) => !model.includes('*'));
}
