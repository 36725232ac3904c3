import type { KnownVirtualKey } from '@sluice/governance';
import type { Request } from 'express';

/** Who a request is: anyone (development mode), the admin (the admin token), or a virtual key. */
export type Principal = { kind: 'open' } | { kind: 'admin' } | { kind: 'virtual-key'; key: KnownVirtualKey };

/** What governance decided about one request, read by the routes through readRequestContext and configHeader. */
export interface RequestGovernance {
  principal: Principal;
  /** Identifies this request's budget and rate-limit holds until its completion settles them. */
  admissionId: string;
  /** Whether the request holds anything (rate-limit charges, a budget reservation) that its completion must settle. */
  holds?: boolean;
  /** The config the request must route by when it names none (the key's default config). */
  configOverride?: string | undefined;
  configVersion?: number | undefined;
  prompt?: { id: string; version: number } | undefined;
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
