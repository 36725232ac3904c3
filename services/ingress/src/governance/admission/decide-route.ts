import type { RoutingConfig } from '@sluice/config';
import { authorizeRoute, type ConfigStore } from '@sluice/governance';
import { resolveConfig } from '@sluice/routing';
import type { Request } from 'express';
import { entryDialectOf } from '../../entry-dialect';
import { configHeader } from '../../read-request-context';
import type { RequestGovernance } from '../request-governance';

/**
 * Applies the key's model and config permissions (403 when refused), records the config the key routes by and the
 * stored config's version, and returns the routing config the request will use (for its cost estimate), or
 * undefined when routing itself will refuse the request (the route reports that with its own 400).
 */
export function decideRoute(
  request: Request,
  governance: RequestGovernance,
  model: string,
  configs: ConfigStore,
): RoutingConfig | undefined {
  const config = configs.current();
  const principal = governance.principal;
  if (principal.kind === 'virtual-key') {
    const named = request.headers['x-sluice-config'];
    const decision = authorizeRoute(
      principal.key.record,
      { model, configHeader: Array.isArray(named) ? named[0] : named },
      config,
    );
    governance.configOverride = decision.configOverride;
  }
  try {
    const resolved = resolveConfig(config, model, configHeader(request), entryDialectOf(request));
    governance.configVersion = resolved.id === undefined ? undefined : configs.versionOf(resolved.id);
    return resolved.routing;
  } catch {
    return undefined;
  }
}
