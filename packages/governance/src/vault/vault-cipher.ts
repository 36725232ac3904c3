import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';
const IV_BYTES = 12;

/** A sealed value that the master key in use cannot open: a different key, or tampered data. */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/**
 * Seals a secret with AES-256-GCM under the master key: `v1.<iv>.<tag>.<ciphertext>`, base64. `context` (the
 * provider id) is authenticated too, so a sealed key copied to another provider's row does not open.
 */
export function sealSecret(plaintext: string, masterKey: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, masterKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(
    '.',
  );
}

export function openSealedSecret(sealed: string, masterKey: Buffer, context: string): string {
  const [format, iv, tag, ciphertext] = sealed.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new SealedValueError('the sealed value is not in a known format');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, masterKey, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedValueError('the master key does not open this sealed value');
  }
}
