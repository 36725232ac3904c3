import { admitUngovernedCall, type RouteConfigs } from '@sluice/governance';
import { type AdmitCall, admitFromRequest } from './admission';

/** Admission on a gateway without governance: no key, no holds; the routing config is still resolved once. */
export function admitOpenCall(configs: RouteConfigs): AdmitCall {
  return admitFromRequest(admitUngovernedCall(configs));
}
