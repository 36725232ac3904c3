import type { AdmitCall } from './admission';
import { decideRoute, namedConfig, type RouteConfigs } from './decide-route';
import { modelCallOf } from './model-call-of';

const NO_HOLDS = () => undefined;

/** Admission on a gateway without governance: no key, no holds; the routing config is still resolved once. */
export function admitOpenCall(configs: RouteConfigs): AdmitCall {
  return async (route, request) => {
    const named = namedConfig(request.headers);
    const model = modelCallOf(route, request)?.body.model;
    if (typeof model !== 'string' || model === '')
      return { configHeader: named, resolved: undefined, logged: {}, giveBack: NO_HOLDS };
    const decision = decideRoute({ principal: undefined, model, named, dialect: route.dialect }, configs);
    return { configHeader: decision.configHeader, resolved: decision.resolved, logged: {}, giveBack: NO_HOLDS };
  };
}
