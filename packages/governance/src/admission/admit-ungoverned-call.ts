import type { Admit } from './admission';
import { decideRoute, namedConfig, type RouteConfigs } from './decide-route';

const NO_HOLDS = () => undefined;

/** Admission on a gateway without governance: no key, no holds; the routing config is still resolved once. */
export function admitUngovernedCall(configs: RouteConfigs): Admit {
  return async ({ call, headers, dialect }) => {
    const named = namedConfig(headers);
    const model = call?.body.model;
    if (typeof model !== 'string' || model === '')
      return { configHeader: named, resolved: undefined, logged: {}, giveBack: NO_HOLDS };
    const decision = decideRoute({ principal: undefined, model, named, dialect }, configs);
    return { configHeader: decision.configHeader, resolved: decision.resolved, logged: {}, giveBack: NO_HOLDS };
  };
}
