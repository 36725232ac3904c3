import type { GatewayConfig } from '@sluice/config';
import { NotFoundError } from '@sluice/errors';
import { virtualKeyOf, visibleModel, visibleModels } from '@sluice/governance';
import type { RequestHandler } from 'express';

/**
 * GET /v1/models: what the key can call — configs, aliases, the provider models that configs or accounts name, and
 * the models a key's `allowed_models` names — limited to what the key may use (visibleModels).
 */
export function modelsRoute(config: () => GatewayConfig): RequestHandler {
  return (request, response) => {
    response.json({ object: 'list', data: visibleModels(config(), virtualKeyOf(request)?.record) });
  };
}

/** GET /v1/models/{id}: a model the key may call (visibleModel); 404 in OpenAI's shape otherwise. */
export function modelRoute(config: () => GatewayConfig): RequestHandler {
  return (request, response, next) => {
    const segments: unknown = request.params.id;
    const id = Array.isArray(segments) ? segments.join('/') : String(segments ?? '');
    const entry = visibleModel(config(), virtualKeyOf(request)?.record, id);
    if (entry === undefined) {
      next(new NotFoundError(`The model \`${id}\` does not exist or you do not have access to it.`, 'model_not_found'));
      return;
    }
    response.json(entry);
  };
}
