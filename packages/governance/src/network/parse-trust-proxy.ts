import { InvalidRequestError } from '@sluice/errors';
import { IpAllowlist } from './ip-allowlist';

/** Express's `trust proxy` setting: whether, and which, proxies' X-Forwarded-For decides the client address. */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * SLUICE_TRUST_PROXY: unset or `false` (X-Forwarded-For is ignored; the socket address counts), `true` (trust every
 * hop: the left-most address counts — only behind a proxy that overwrites the header), a number of proxy hops, or a
 * comma list of proxy addresses or CIDR ranges (`loopback`, `linklocal`, `uniquelocal` name the usual ones).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.filter((entry) => !NAMED_RANGES.has(entry) && !IpAllowlist.isValidEntry(entry));
  if (bad.length > 0) {
    throw new InvalidRequestError(
      `SLUICE_TRUST_PROXY must be true, false, a hop count, or a list of proxy addresses/CIDR ranges; not understood: ${bad.join(', ')}`,
      { param: 'SLUICE_TRUST_PROXY', code: 'invalid_trust_proxy' },
    );
  }
  return entries;
}
