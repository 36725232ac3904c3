import type { KnownVirtualKey } from '../keys/virtual-key-directory';
import type { SessionPrincipal } from './session-principal';

/** Who a request is: anyone (development mode), the admin (the admin token), or a virtual key. */
export type Principal = { kind: 'open' } | { kind: 'admin' } | { kind: 'virtual-key'; key: KnownVirtualKey };

/**
 * Who a request is, as authentication found it. Admission is returned to the route that asked for it: a model call's
 * (Admission), a passed-through request's (PassThroughAdmission).
 */
export interface RequestGovernance {
  principal: Principal;
  /** Identifies this request's budget and rate-limit holds until its completion settles them. */
  admissionId: string;
}

/**
 * What the gate learned about a request, kept beside the request object (the ingress's authentication and the
 * console's session reader write it; admission, the log routes and the admin guard read it).
 */
const states = new WeakMap<object, RequestGovernance>();
const sessions = new WeakMap<object, SessionPrincipal>();

export function governanceOf(request: object): RequestGovernance | undefined {
  return states.get(request);
}

export function setGovernance(request: object, governance: RequestGovernance): void {
  states.set(request, governance);
}

export function virtualKeyOf(request: object): KnownVirtualKey | undefined {
  const principal = states.get(request)?.principal;
  return principal?.kind === 'virtual-key' ? principal.key : undefined;
}

/** Who the request's dashboard session signed in as, when it carries no credential of its own. */
export function sessionOf(request: object): SessionPrincipal | undefined {
  return sessions.get(request);
}

export function setSession(request: object, principal: SessionPrincipal): void {
  sessions.set(request, principal);
}
