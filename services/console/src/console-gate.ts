import type { RequestHandler } from 'express';
import { type RequireAdminOptions, requireAdminToken } from './admin/require-admin-token';
import type { DashboardSessions } from './session/dashboard-sessions';
import { dashboardSessionIdOf, readDashboardSession } from './session/read-dashboard-session';

const ADMIN_PATH = '/admin';

/**
 * What the console adds to the gateway's gate, before authentication: the dashboard session a request signs in with
 * (so the dashboard's own calls to /v1 are authenticated by it), then the admin token on every /admin path.
 */
export function consoleGate(sessions: DashboardSessions, admin: RequireAdminOptions): RequestHandler {
  const requireAdmin = requireAdminToken(admin);
  const admitPath: RequestHandler = (request, response, next) => {
    const path = request.path.toLowerCase();
    if (path === ADMIN_PATH || path.startsWith(`${ADMIN_PATH}/`)) requireAdmin(request, response, next);
    else next();
  };
  // A request without the session cookie (every API client's) goes on in the same turn, with no promise made for it.
  return (request, response, next) => {
    const id = dashboardSessionIdOf(request);
    if (id === undefined) return admitPath(request, response, next);
    return readDashboardSession(request, id, sessions).then(() => admitPath(request, response, next));
  };
}
