import type { LogScope } from '@sluice/request-log';
import { virtualKeyOf } from './request-identity';

/**
 * Which request-log rows a request may read (docs/tenancy-and-upstream-validation.md): a virtual key only its own;
 * the admin token and an open gateway (development mode) every row.
 */
export function logScopeOf(request: object): LogScope {
  return { virtualKeyId: virtualKeyOf(request)?.record.id };
}
