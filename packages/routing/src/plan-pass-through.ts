import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import { passThroughTarget } from '@sluice/providers';
import type { PlannedTarget, RequestContext } from '@sluice/queues';
import { planRoute } from './plan-route';
import { requestFactsOf } from './request-facts-of';
import { resolveConfig } from './resolve-config';

/** A passed-through request as planning reads it: the config it names, its method, path, query and context. */
export interface PassThroughRequest {
  configName: string;
  method: string;
  /** The path as sent, `/v1/…`, without its query. */
  path: string;
  /** The query as sent, with its `?`, or empty. */
  search: string;
  context: RequestContext;
}

/** Where a passed-through request goes: the first target of its named config, and that account's URL and headers. */
export interface PassThroughDestination {
  target: PlannedTarget;
  url: string;
  headers: Record<string, string>;
}

/** The config and account a passed-through request resolved to (for its log), and where it goes or why it cannot. */
export type PassThroughPlan = { configId: string | undefined; provider: string | undefined } & (
  | { ok: true; destination: PassThroughDestination }
  | { ok: false; error: InvalidRequestError }
);

/**
 * Plans a passed-through `/v1/*` request (docs/http-api.md): resolves the config it names, plans its route, and takes
 * the first target's account URL for the path; an account type without `/v1` paths is a 400. A config that does not
 * resolve throws its own 400.
 */
export function planPassThrough(
  request: PassThroughRequest,
  config: GatewayConfig,
  providerKey: (providerId: string) => string | undefined,
): PassThroughPlan {
  const resolved = resolveConfig(config, '', request.configName);
  const [target] = planRoute(resolved.routing, { config, facts: requestFactsOf({}, request.context) });
  const account = target && config.providers[target.provider];
  const rest = request.path.replace(/^\/v1\/?/i, '');
  const upstream =
    target && account ? passThroughTarget(account, providerKey(target.provider), rest, request.search) : undefined;
  const planned = { configId: resolved.id, provider: target?.provider };
  if (target && upstream)
    return { ...planned, ok: true, destination: { target, url: upstream.url, headers: upstream.headers } };
  const error = new InvalidRequestError(
    `${request.method} ${request.path} cannot be passed through to provider "${target?.provider}" ` +
      `(type ${account?.type}): only OpenAI-compatible, Azure OpenAI and Anthropic accounts take /v1 paths.`,
    { code: 'unsupported_endpoint' },
  );
  return { ...planned, ok: false, error };
}
