import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** A webhook destination that is refused: private, loopback, link-local or otherwise not public. */
export class PrivateDestinationError extends Error {
  constructor(host: string) {
    super(`webhook destination ${host} is not a public address (set SLUICE_WEBHOOK_ALLOW_PRIVATE=1 to allow it)`);
    this.name = 'PrivateDestinationError';
  }
}

/** Resolves a URL's host and refuses it unless every address it resolves to is public unicast. */
export async function assertPublicDestination(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  for (const address of addresses) {
    if (ipaddr.process(address).range() !== 'unicast') throw new PrivateDestinationError(host);
  }
}
