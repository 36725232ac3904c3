import { configNamedBy, type GatewayConfig, isNestedTarget, type RoutingConfig } from '@sluice/config';
import { NotFoundError } from '@sluice/errors';
import type { RequestHandler } from 'express';
import { modelVisibility, namedAllowedModels } from '../governance/visible-models';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * GET /v1/models: what the key can call — configs, aliases, the provider models that configs or accounts name, and
 * the models a key's `allowed_models` names — limited to what the key may use.
 */
export function modelsRoute(config: () => GatewayConfig): RequestHandler {
  return (request, response) => {
    const current = config();
    const visible = modelVisibility(request, current);
    response.json({
      object: 'list',
      data: modelsFor(current, namedAllowedModels(request)).filter((entry) => visible(entry.id)),
    });
  };
}

function modelsFor(config: GatewayConfig, allowed: string[]): ModelEntry[] {
  const listed = listModels(config);
  const known = new Set(listed.map((entry) => entry.id));
  const extra = allowed
    .filter((id) => !known.has(id))
    .map((id): ModelEntry => ({ id, object: 'model', created: 0, owned_by: 'sluice' }));
  return [...listed, ...extra];
}

/**
 * GET /v1/models/{id}: a model the key may call — a config, an alias (exact or by a glob of `models:`), a model the
 * list names, or `provider/model` on a configured account; 404 in OpenAI's shape otherwise.
 */
export function modelRoute(config: () => GatewayConfig): RequestHandler {
  return (request, response, next) => {
    const current = config();
    const segments: unknown = request.params.id;
    const id = Array.isArray(segments) ? segments.join('/') : String(segments ?? '');
    const entry =
      modelsFor(current, namedAllowedModels(request)).find((model) => model.id === id) ?? modelEntry(current, id);
    if (entry === undefined || !modelVisibility(request, current)(id)) {
      next(new NotFoundError(`The model \`${id}\` does not exist or you do not have access to it.`, 'model_not_found'));
      return;
    }
    response.json(entry);
  };
}

/** A name routing resolves by name though no list shows it: a glob alias's match, or `provider/model`. */
function modelEntry(config: GatewayConfig, id: string): ModelEntry | undefined {
  const entry = (ownedBy: string): ModelEntry => ({ id, object: 'model', created: 0, owned_by: ownedBy });
  if (configNamedBy(config, id) !== undefined) return entry('sluice-alias');
  const slash = id.indexOf('/');
  const provider = slash > 0 ? id.slice(0, slash) : '';
  return config.providers[provider] && slash < id.length - 1 ? entry(provider) : undefined;
}

/** Configs, aliases (not glob patterns, which name no model) and the provider models configs or accounts name. */
export function listModels(config: GatewayConfig): ModelEntry[] {
  const entries = new Map<string, ModelEntry>();
  const add = (id: string, ownedBy: string) => {
    if (!entries.has(id)) entries.set(id, { id, object: 'model', created: 0, owned_by: ownedBy });
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
