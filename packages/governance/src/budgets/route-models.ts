import { isNestedTarget, type RoutingConfig } from '@sluice/config';

/** A model a request may end up calling, with the max_tokens its target's override_params force, if any. */
export interface CandidateModel {
  model: string;
  maxTokens: number | undefined;
}

/** Every model a routing config could call for a request (all branches: fallbacks, load-balanced and conditional). */
export function routeModels(
  routing: RoutingConfig,
  requestedModel: string,
  inherited: Record<string, unknown> = {},
): CandidateModel[] {
  const overrides = { ...inherited, ...routing.override_params };
  return routing.targets.flatMap((target): CandidateModel[] => {
    if (isNestedTarget(target)) return routeModels(target.config, requestedModel, overrides);
    const params = { ...overrides, ...target.override_params };
    return [{ model: target.model ?? requestedModel, maxTokens: maxTokensOf(params) }];
  });
}

function maxTokensOf(params: Record<string, unknown>): number | undefined {
  const value = params.max_completion_tokens ?? params.max_tokens;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
