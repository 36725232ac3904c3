import { InvalidRequestError } from '@sluice/errors';

const MASTER_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decodes SLUICE_MASTER_KEY: 32 random bytes, base64-encoded. The message never repeats the value. */
export function parseMasterKey(encoded: string): Buffer {
  const trimmed = encoded.trim();
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new InvalidRequestError(
      `SLUICE_MASTER_KEY must be ${MASTER_KEY_BYTES} random bytes, base64-encoded (generate one with: openssl rand -base64 32)`,
      { param: 'SLUICE_MASTER_KEY', code: 'invalid_master_key' },
    );
  }
  return bytes;
}
