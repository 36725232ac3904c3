import { PermissionError } from '@sluice/errors';
import type { Request, RequestHandler } from 'express';
import { presentedCredential } from '../presented-credential';
import type { DashboardSessions, SessionPrincipal } from './dashboard-sessions';
import { sessionCookieOf } from './session-cookie';

const sessions = new WeakMap<Request, SessionPrincipal>();

/** Who the request's dashboard session signed in as, when it carries no credential of its own. */
export function sessionOf(request: Request): SessionPrincipal | undefined {
  return sessions.get(request);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Reads the session cookie of a request that presents no credential itself. A state-changing request made with the
 * cookie must come from this origin (its Origin header names this host): with SameSite=Strict this makes writes
 * CSRF-safe (docs/dashboard.md, "Sign-in").
 */
export function readDashboardSession(store: DashboardSessions): RequestHandler {
  return async (request, _response, next) => {
    const id = sessionCookieOf(request);
    if (id === undefined || presentedCredential(request) !== undefined) return next();
    const principal = await store.find(id);
    if (principal === undefined) return next();
    if (!SAFE_METHODS.has(request.method)) ensureSameOrigin(request);
    sessions.set(request, principal);
    next();
  };
}

/** Refuses a request whose Origin is missing or names another site. */
export function ensureSameOrigin(request: Request): void {
  const origin = request.headers.origin;
  const expected = `${request.protocol}://${request.headers.host ?? ''}`;
  if (origin !== expected) {
    throw new PermissionError(
      'A change made with the dashboard session must come from the dashboard itself (Origin mismatch).',
      'cross_origin_request',
    );
  }
}
