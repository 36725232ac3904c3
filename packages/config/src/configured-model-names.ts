import { type GatewayConfig, isNestedTarget, type RoutingConfig } from './config-schema';

/**
 * Every model name the config mentions: account model lists, routing targets (nested configs included), the
 * embeddings model and the pricing overrides. A bounded set, for labels that must not grow with traffic.
 */
export function configuredModelNames(config: GatewayConfig): Set<string> {
  const names = new Set<string>();
  for (const account of Object.values(config.providers)) for (const model of account.models ?? []) names.add(model);
  const visit = (routing: RoutingConfig) => {
    for (const target of routing.targets) {
      if (isNestedTarget(target)) visit(target.config);
      else if (target.model) names.add(target.model);
    }
  };
  for (const routing of Object.values(config.configs)) visit(routing);
  if (config.embeddings) names.add(config.embeddings.model);
  for (const model of Object.keys(config.pricing)) names.add(model);
  return names;
}
