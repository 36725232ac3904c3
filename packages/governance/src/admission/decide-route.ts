import type { GatewayConfig } from '@sluice/config';
import { type EntryDialect, type ResolvedConfig, resolveConfig } from '@sluice/routing';
import type { Principal } from '../identity/request-identity';
import { authorizeRoute } from '../keys/authorize-route';
import type { RequestHeaders } from './admission';

/** The configs a call routes by: the gateway config now, and a stored config's live version. */
export interface RouteConfigs {
  current(): GatewayConfig;
  versionOf(id: string): number | undefined;
}

/** Where a call routes: the config it names (or its key's default), that config resolved, and its stored version. */
export interface ConfigDecision {
  configHeader: string | undefined;
  resolved: ResolvedConfig | undefined;
  configVersion: number | undefined;
}

/**
 * Applies a virtual key's model and config permissions (403 when refused) and resolves the routing config the call
 * will use, once; `resolved` is undefined when routing itself will refuse the call (planning reports that with its
 * own 400, after the route validated the body).
 */
export function decideRoute(
  call: { principal: Principal | undefined; model: string; named: string | undefined; dialect: EntryDialect },
  configs: RouteConfigs,
): ConfigDecision {
  const config = configs.current();
  const principal = call.principal;
  const override =
    principal?.kind === 'virtual-key'
      ? authorizeRoute(principal.key.record, { model: call.model, configHeader: call.named }, config).configOverride
      : undefined;
  const configHeader = call.named ?? override;
  try {
    const resolved = resolveConfig(config, call.model, configHeader, call.dialect);
    return {
      configHeader,
      resolved,
      configVersion: resolved.id === undefined ? undefined : configs.versionOf(resolved.id),
    };
  } catch {
    return { configHeader, resolved: undefined, configVersion: undefined };
  }
}

/** The config the request names in x-sluice-config, if it names one. */
export function namedConfig(headers: RequestHeaders): string | undefined {
  const value = headers['x-sluice-config'];
  const named = Array.isArray(value) ? value[0] : value;
  return named !== undefined && named.trim() !== '' ? named : undefined;
}
