import { AuthenticationError, PermissionError } from '@sluice/errors';
import { presentedCredential, secretMatches, sessionOf } from '@sluice/governance';
import type { RequestHandler } from 'express';

export interface RequireAdminOptions {
  adminToken: string | undefined;
  /** Development mode (no admin token, no virtual key ever created): the queue board is as open as the log. */
  isOpen: () => boolean;
  /** Where the queue board is mounted (/admin/queues). */
  queueBoardPath: string;
}

/**
 * Guards every /admin route (the admin API and the queue board): the admin token, compared in constant time, as a
 * bearer token, or a dashboard session signed in with it (docs/dashboard.md, "Sign-in"). Never asks for HTTP Basic:
 * a browser without a session opening the queue board is sent to the dashboard's sign-in form instead. Without
 * SLUICE_ADMIN_TOKEN the admin API is disabled.
 */
export function requireAdminToken(options: RequireAdminOptions): RequestHandler {
  return (request, response, next) => {
    const path = `${request.baseUrl}${request.path}`;
    const onQueueBoard = path === options.queueBoardPath || path.startsWith(`${options.queueBoardPath}/`);
    if (sessionOf(request)?.kind === 'admin' || (onQueueBoard && options.isOpen())) return next();
    const presented = presentedCredential(request);
    if (options.adminToken !== undefined && presented !== undefined && secretMatches(presented, options.adminToken)) {
      return next();
    }
    if (onQueueBoard && request.method === 'GET' && request.accepts(['json', 'html']) === 'html') {
      return response.redirect(302, `/?next=${encodeURIComponent(options.queueBoardPath)}`);
    }
    if (options.adminToken === undefined) {
      throw new PermissionError(
        'The admin API is disabled: set SLUICE_ADMIN_TOKEN to enable it.',
        'admin_api_disabled',
      );
    }
    response.setHeader('www-authenticate', 'Bearer realm="sluice-admin"');
    throw new AuthenticationError(
      'The admin API needs the admin token: send Authorization: Bearer $SLUICE_ADMIN_TOKEN, or sign in on the dashboard.',
      'invalid_admin_token',
    );
  };
}
