import { type GatewayConfig, isNestedTarget, type RoutingConfig } from './config-schema';
import { configNamedBy } from './model-alias';

/** A model as OpenAI's `GET /v1/models` lists it. */
export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

function modelEntry(id: string, ownedBy: string): ModelEntry {
  return { id, object: 'model', created: 0, owned_by: ownedBy };
}

/** Configs, aliases (not glob patterns, which name no model) and the provider models configs or accounts name. */
export function listModels(config: GatewayConfig): ModelEntry[] {
  const entries = new Map<string, ModelEntry>();
  const add = (id: string, ownedBy: string) => {
    if (!entries.has(id)) entries.set(id, modelEntry(id, ownedBy));
  };
  for (const id of Object.keys(config.configs)) add(id, 'sluice-config');
  for (const alias of Object.keys(config.models)) if (!alias.includes('*')) add(alias, 'sluice-alias');
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

/** The listed models and, after them, `extra` names the list does not have (a key's `allowed_models`). */
export function listModelsWith(config: GatewayConfig, extra: readonly string[]): ModelEntry[] {
  const listed = listModels(config);
  const known = new Set(listed.map((entry) => entry.id));
  return [...listed, ...extra.filter((id) => !known.has(id)).map((id) => modelEntry(id, 'sluice'))];
}

/** A name routing resolves by name though no list shows it: a glob alias's match, or `provider/model`. */
export function unlistedModelEntry(config: GatewayConfig, id: string): ModelEntry | undefined {
  if (configNamedBy(config, id) !== undefined) return modelEntry(id, 'sluice-alias');
  const slash = id.indexOf('/');
  const provider = slash > 0 ? id.slice(0, slash) : '';
  return config.providers[provider] && slash < id.length - 1 ? modelEntry(id, provider) : undefined;
}
