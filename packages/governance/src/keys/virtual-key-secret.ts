import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const VIRTUAL_KEY_PREFIX = 'sk-sluice-';

export interface NewVirtualKeySecret {
  /** Shown once, in the create response; never stored. */
  key: string;
  hash: string;
  hint: string;
}

/** A fresh key with 256 bits of randomness, its SHA-256 hash (what is stored) and a hint to recognise it by. */
export function generateVirtualKey(): NewVirtualKeySecret {
  const key = `${VIRTUAL_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashSecret(key), hint: `${VIRTUAL_KEY_PREFIX}…${key.slice(-4)}` };
}

/** SHA-256, hex. Keys are random and long, so a plain hash is enough; no salt or stretching is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(left: string, right: string): boolean {
  const a = Buffer.from(left, 'hex');
  const b = Buffer.from(right, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Compares a presented secret with the expected one in constant time, whatever their lengths. */
export function secretMatches(presented: string, expected: string): boolean {
  return sameDigest(hashSecret(presented), hashSecret(expected));
}
