import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isBlockedAddress } from '@sluice/jobs';

/** A webhook destination that is refused: private, loopback, link-local or otherwise not public. */
export class PrivateDestinationError extends Error {
  constructor(host: string) {
    super(`webhook destination ${host} is not a public address (set SLUICE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)`);
    this.name = 'PrivateDestinationError';
  }
}

/**
 * Resolves a URL's host and refuses it unless every address it resolves to is public: the same rule, IPv4 carried in
 * IPv6 included, as job webhooks (isBlockedAddress).
 */
export async function assertPublicDestination(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  for (const address of addresses) {
    if (isBlockedAddress(address)) throw new PrivateDestinationError(host);
  }
}
