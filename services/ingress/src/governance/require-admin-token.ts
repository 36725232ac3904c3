import { AuthenticationError, PermissionError } from '@sluice/errors';
import { secretMatches } from '@sluice/governance';
import type { RequestHandler } from 'express';
import { presentedCredential } from './presented-credential';

/**
 * Guards every /admin route (the admin API and the queue board): the admin token, compared in constant time, as a
 * bearer token (or a Basic password, so a browser can open the admin pages). Without SLUICE_ADMIN_TOKEN the admin
 * API is disabled.
 */
export function requireAdminToken(adminToken: string | undefined): RequestHandler {
  return (request, response, next) => {
    if (adminToken === undefined) {
      throw new PermissionError(
        'The admin API is disabled: set SLUICE_ADMIN_TOKEN to enable it.',
        'admin_api_disabled',
      );
    }
    const presented = presentedCredential(request);
    if (presented === undefined || !secretMatches(presented, adminToken)) {
      response.setHeader('www-authenticate', 'Bearer realm="sluice-admin", Basic realm="sluice-admin"');
      throw new AuthenticationError(
        'The admin API needs the admin token: send Authorization: Bearer $SLUICE_ADMIN_TOKEN.',
        'invalid_admin_token',
      );
    }
    next();
  };
}
