import type { KnownVirtualKey } from '@sluice/governance';
import type { Request } from 'express';

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

const states = new WeakMap<Request, RequestGovernance>();

export function governanceOf(request: Request): RequestGovernance | undefined {
  return states.get(request);
}

export function setGovernance(request: Request, governance: RequestGovernance): void {
  states.set(request, governance);
}

export function virtualKeyOf(request: Request): KnownVirtualKey | undefined {
  const principal = states.get(request)?.principal;
  return principal?.kind === 'virtual-key' ? principal.key : undefined;
}
