import type { KnownVirtualKey } from '@sluice/governance';
import type { Request } from 'express';

/** Who a request is: anyone (development mode), the admin (the admin token), or a virtual key. */
export type Principal = { kind: 'open' } | { kind: 'admin' } | { kind: 'virtual-key'; key: KnownVirtualKey };

/**
 * Who a request is, as authentication found it. A model call's admission is returned to its route (Admission); a
 * passed-through request's marks `holds`.
 */
export interface RequestGovernance {
  principal: Principal;
  /** Identifies this request's budget and rate-limit holds until its completion settles them. */
  admissionId: string;
  /** Whether a passed-through request holds anything (rate-limit charges, a budget hold) its completion settles. */
  holds?: boolean;
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
