import { type LookupAddress, lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isBlockedAddress } from '@sluice/jobs';

/** A webhook destination resolved to an address the SSRF guard refuses. */
export class WebhookDestinationRefusedError extends Error {
  readonly code = 'ERR_WEBHOOK_DESTINATION_REFUSED';

  constructor(message: string) {
    super(message);
    this.name = 'WebhookDestinationRefusedError';
  }
}

/**
 * The DNS lookup the webhook sockets connect with: every address a name resolves to is checked, and the socket can
 * only connect to an address that passed — a name that resolves to a refused address anywhere is refused whole,
 * so DNS rebinding between a check and the connect has nothing to exploit.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(
      hostname,
      { all: true, family: options.family, hints: options.hints },
      (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        const refused = allowPrivate ? undefined : addresses.find((entry) => isBlockedAddress(entry.address));
        if (refused) {
          const message = `${hostname} resolves to ${refused.address}, a private, loopback or link-local address; set SLUICE_WEBHOOK_ALLOW_PRIVATE=1 to allow it`;
          return callback(new WebhookDestinationRefusedError(message), '', 0);
        }
        if (options.all) return callback(null, addresses);
        const first = addresses[0];
        if (!first)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        return callback(null, first.address, first.family);
      },
    );
  };
}
