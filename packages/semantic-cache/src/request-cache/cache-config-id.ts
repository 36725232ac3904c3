import { isNestedTarget, type RoutingConfig } from '@sluice/config';
import type { ProviderJobInput } from '@sluice/queues';
import type { ResolvedConfig } from '@sluice/routing';
import { canonicalHash } from '../canonical-json';

const routingHashes = new WeakMap<RoutingConfig, string>();

/**
 * The config identity cache entries belong to: the config id with a hash of its routing (its cache block aside), so
 * an edited config, or another inline config, starts a fresh cache instead of serving answers of the old targets.
 * A conditional config also adds the targets this request was routed to: its branches may answer differently.
 */
export function cacheConfigId(resolved: ResolvedConfig, plan: ProviderJobInput['plan']): string {
  const base = `${resolved.id ?? 'implicit'}@${routingHash(resolved.routing)}`;
  if (!hasConditions(resolved.routing)) return base;
  const targets = plan.map((target) => [target.provider, target.model, target.overrideParams ?? {}]);
  return `${base}#${canonicalHash(targets).slice(0, 16)}`;
}

function routingHash(routing: RoutingConfig): string {
  let hash = routingHashes.get(routing);
  if (hash === undefined) {
    const { cache: _cache, ...rest } = routing;
    hash = canonicalHash(rest).slice(0, 16);
    routingHashes.set(routing, hash);
  }
  return hash;
}

function hasConditions(routing: RoutingConfig): boolean {
  if (routing.strategy === 'conditional') return true;
  return routing.targets.some((target) => isNestedTarget(target) && hasConditions(target.config));
}
