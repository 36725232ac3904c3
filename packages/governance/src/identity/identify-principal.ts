import { AuthenticationError, PermissionError } from '@sluice/errors';
import type { VirtualKeyDirectory } from '../keys/virtual-key-directory';
import { statusOf } from '../keys/virtual-key-schemas';
import { secretMatches } from '../keys/virtual-key-secret';
import { type CredentialCarrier, presentedCredential } from './presented-credential';
import { type Principal, sessionOf } from './request-identity';

export interface IdentifyOptions {
  directory: VirtualKeyDirectory;
  adminToken: string | undefined;
  now?: () => number;
}

/** What identification reads of a request: its credential's carriers, and the address it came from. */
export interface IdentifiedRequest extends CredentialCarrier {
  ip: string | undefined;
}

/**
 * Who a /v1 request is. In development mode (no admin token, no virtual key ever created) anyone may call;
 * otherwise a request needs a virtual key (or the admin token, or a dashboard session): 401 without one, 403 for an
 * expired key or an address outside the key's IP allowlist. Keys are compared by SHA-256 hash in constant time and
 * never echoed.
 */
export function identifyPrincipal(request: IdentifiedRequest, options: IdentifyOptions): Principal {
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
