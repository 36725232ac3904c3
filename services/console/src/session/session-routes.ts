import { AuthenticationError, InvalidRequestError } from '@sluice/errors';
import { type SessionPrincipal, secretMatches, sessionOf, type VirtualKeyDirectory } from '@sluice/governance';
import { Router } from 'express';
import { z } from 'zod';
import type { DashboardSessions } from './dashboard-sessions';
import { ensureSameOrigin } from './read-dashboard-session';
import { clearSessionCookie, sessionCookieOf, setSessionCookie } from './session-cookie';

const SignInSchema = z.object({ token: z.string().trim().min(1) });

export interface SessionRouteOptions {
  sessions: DashboardSessions;
  directory: VirtualKeyDirectory;
  adminToken: string | undefined;
}

/**
 * /dashboard/session (docs/dashboard.md, "Sign-in"): POST `{ token }` signs in with the admin token or a virtual key
 * and sets the session cookie; GET says who is signed in (or that the gateway is open); DELETE signs out.
 */
export function sessionRoutes(options: SessionRouteOptions): Router {
  const router = Router();
  router.post('/', async (request, response) => {
    ensureSameOrigin(request);
    const parsed = SignInSchema.safeParse(request.body);
    if (!parsed.success) throw new InvalidRequestError('Send { "token": "…" }: the admin token or a virtual key.');
    const principal = principalFor(parsed.data.token, options);
    const id = await options.sessions.create(principal);
    setSessionCookie(request, response, id, options.sessions.maxAgeS);
    response.json(describe(principal));
  });
  router.get('/', (request, response) => {
    const principal = sessionOf(request);
    if (principal !== undefined) return void response.json(describe(principal));
    const open = options.adminToken === undefined && !options.directory.hasKeys;
    response.json({ object: 'dashboard.session', kind: open ? 'open' : 'none' });
  });
  router.delete('/', async (request, response) => {
    const id = sessionCookieOf(request);
    if (id !== undefined) await options.sessions.delete(id);
    clearSessionCookie(response);
    response.json({ object: 'dashboard.session', kind: 'none' });
  });
  return router;
}

function principalFor(token: string, options: SessionRouteOptions): SessionPrincipal {
  if (options.adminToken !== undefined && secretMatches(token, options.adminToken)) return { kind: 'admin' };
  const key = options.directory.find(token);
  if (key !== undefined) return { kind: 'virtual-key', keyId: key.record.id };
  throw new AuthenticationError('That is neither the admin token nor a valid virtual key.', 'invalid_sign_in');
}

function describe(principal: SessionPrincipal): object {
  return principal.kind === 'admin'
    ? { object: 'dashboard.session', kind: 'admin' }
    : { object: 'dashboard.session', kind: 'virtual-key', key_id: principal.keyId };
}
