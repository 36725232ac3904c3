import { randomUUID } from 'node:crypto';
import { type IdentifyOptions, identifyPrincipal, setGovernance } from '@sluice/governance';
import type { RequestHandler } from 'express';

/** Identifies every /v1 request (identifyPrincipal) and keeps who it is, with its admission id, beside it. */
export function authenticate(options: IdentifyOptions): RequestHandler {
  return (request, _response, next) => {
    setGovernance(request, {
      principal: identifyPrincipal(request, options),
      admissionId: `adm_${randomUUID().replaceAll('-', '')}`,
    });
    next();
  };
}
