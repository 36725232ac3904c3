import { PermissionError } from '@sluice/errors';
import type { IpAllowlist } from '@sluice/governance';
import type { RequestHandler } from 'express';

/** Probes stay reachable from anywhere, so orchestrators can check the process. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** SLUICE_IP_ALLOWLIST: every route but the health probes answers only addresses in the list. */
export function globalIpAllowlist(allowlist: IpAllowlist): RequestHandler {
  return (request, _response, next) => {
    if (allowlist.isEmpty || PROBE_PATHS.has(request.path) || allowlist.allows(request.ip)) {
      next();
      return;
    }
    throw new PermissionError(
      `Requests from ${request.ip ?? 'this address'} are not allowed (SLUICE_IP_ALLOWLIST).`,
      'ip_not_allowed',
    );
  };
}
