import { randomUUID } from 'node:crypto';
import { AuthenticationError, PermissionError } from '@sluice/errors';
import {
  type Principal,
  presentedCredential,
  secretMatches,
  sessionOf,
  setGovernance,
  statusOf,
  type VirtualKeyDirectory,
} from '@sluice/governance';
import type { Request, RequestHandler } from 'express';

export interface AuthenticateOptions {
  directory: VirtualKeyDirectory;
  adminToken: string | undefined;
  now?: () => number;
}

/**
 * Identifies every /v1 request. In development mode (no admin token, no virtual key ever created) anyone may call;
 * otherwise a request needs a virtual key (or the admin token): 401 without one, 403 for an expired key or an
 * address outside the key's IP allowlist. Keys are compared by SHA-256 hash in constant time and never echoed.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  return (request, _response, next) => {
    setGovernance(request, {
      principal: identify(request, options),
      admissionId: `adm_${randomUUID().replaceAll('-', '')}`,
    });
    next();
  };
}

function identify(request: Request, options: AuthenticateOptions): Principal {
  if (options.adminToken === undefined && !options.directory.hasKeys) return { kind: 'open' };
  const presented = presentedCredential(request);
  const session = presented === undefined ? sessionOf(request) : undefined;
  if (session?.kind === 'admin') return { kind: 'admin' };
  if (session?.kind === 'virtual-key') {
    const key = options.directory.byKeyId(session.keyId);
    if (key) return { kind: 'virtual-key', key };
    throw new AuthenticationError('This virtual key was revoked: sign in again.', 'invalid_api_key');
  }
  if (presented === undefined) {
    throw new AuthenticationError(
      'This gateway needs a virtual key: send Authorization: Bearer sk-sluice-… (create keys with POST /admin/virtual-keys).',
      'missing_api_key',
    );
  }
  if (options.adminToken !== undefined && secretMatches(presented, options.adminToken)) return { kind: 'admin' };
  const key = options.directory.find(presented);
  if (!key)
    throw new AuthenticationError(
      'The API key is not a valid virtual key (unknown or revoked); check the key you send.',
      'invalid_api_key',
    );
  if (statusOf(key.record, (options.now ?? Date.now)()) === 'expired') {
    throw new PermissionError(
      `This virtual key expired at ${key.record.expiresAt}; ask an admin for a new key.`,
      'key_expired',
    );
  }
  if (!key.ipAllowlist.allows(request.ip)) {
    throw new PermissionError(
      `Requests from ${request.ip ?? 'this address'} are not allowed for this virtual key (ip_allowlist).`,
      'ip_not_allowed',
    );
  }
  return { kind: 'virtual-key', key };
}
