import { PermissionError } from '@sluice/errors';
import { presentedCredential, setSession } from '@sluice/governance';
import type { Request } from 'express';
import type { DashboardSessions } from './dashboard-sessions';
import { sessionCookieOf } from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session id of a request that signs in with the dashboard's cookie: it has one and presents no credential itself. */
export function dashboardSessionIdOf(request: Request): string | undefined {
  const id = sessionCookieOf(request);
  return id === undefined || presentedCredential(request) !== undefined ? undefined : id;
}

/**
 * Finds the session `id` (dashboardSessionIdOf) signs in with, and keeps who it signed in as beside the request
 * (sessionOf). A state-changing request made with the cookie must come from this origin (its Origin header names this
 * host): with SameSite=Strict this makes writes CSRF-safe (docs/dashboard.md, "Sign-in").
 */
export async function readDashboardSession(request: Request, id: string, store: DashboardSessions): Promise<void> {
  const principal = await store.find(id);
  if (principal === undefined) return;
  if (!SAFE_METHODS.has(request.method)) ensureSameOrigin(request);
  setSession(request, principal);
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
