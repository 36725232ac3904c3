import { governanceOf } from '@sluice/governance';
import { type RequestContext, requestContextOf } from '@sluice/queues';
import type { Request } from 'express';
import type { Admission } from './governance/admission/admission';

/**
 * The request's x-sluice-* headers as they travel with the job into the log (requestContextOf), and what admission
 * recorded of the call (its key, holds, config version and prompt); without an admission, the key authentication found.
 */
export function readRequestContext(request: Request, requestedModel: string, admission?: Admission): RequestContext {
  return requestContextOf(request.headers, request.ip, requestedModel, admission?.logged ?? governedContext(request));
}

/** The key that authentication found. */
function governedContext(request: Request): Partial<RequestContext> | undefined {
  const principal = governanceOf(request)?.principal;
  if (!principal) return undefined;
  return { virtualKeyId: principal.kind === 'virtual-key' ? principal.key.record.id : undefined };
}
