import { type GatewayConfig, isNestedTarget, type RoutingConfig } from '@sluice/config';
import type { RequestHandler } from 'express';
import { modelVisibility } from '../governance/visible-models';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** GET /v1/models: configs, aliases, and the provider models that configs or accounts name. */
export function modelsRoute(config: () => GatewayConfig): RequestHandler {
  return (request, response) => {
    const current = config();
    const visible = modelVisibility(request, current);
    response.json({ object: 'list', data: listModels(current).filter((entry) => visible(entry.id)) });
  };
}

export function listModels(config: GatewayConfig): ModelEntry[] {
  const entries = new Map<string, ModelEntry>();
  const add = (id: string, ownedBy: string) => {
    if (!entries.has(id)) entries.set(id, { id, object: 'model', created: 0, owned_by: ownedBy });
  };
  for (const id of Object.keys(config.configs)) add(id, 'sluice-config');
  for (const alias of Object.keys(config.models)) add(alias, 'sluice-alias');
  for (const [providerId, account] of Object.entries(config.providers)) {
    for (const model of account.models ?? []) add(`${providerId}/${model}`, providerId);
  }
  const visit = (routing: RoutingConfig) => {
    for (const target of routing.targets) {
      if (isNestedTarget(target)) visit(target.config);
      else if (target.model) add(`${target.provider}/${target.model}`, target.provider);
    }
  };
  for (const routing of Object.values(config.configs)) visit(routing);
  return [...entries.values()];
}
