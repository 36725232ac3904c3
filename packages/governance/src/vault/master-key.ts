import { InvalidRequestError } from '@sluice/errors';

const MASTER_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The key that seals stored provider keys, and while it is being rotated, the one it replaces. */
export interface MasterKeys {
  current: Buffer | undefined;
  /** Opens keys sealed before the rotation, which are then sealed again under `current`. */
  previous: Buffer | undefined;
}

/** Decodes one master key: 32 random bytes, base64-encoded. The message names `variable` and never repeats the value. */
export function parseMasterKey(encoded: string, variable = 'SLUICE_MASTER_KEY'): Buffer {
  const trimmed = encoded.trim();
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new InvalidRequestError(
      `${variable} must be ${MASTER_KEY_BYTES} random bytes, base64-encoded (generate one with: openssl rand -base64 32)`,
      { param: variable, code: 'invalid_master_key' },
    );
  }
  return bytes;
}

/** SLUICE_MASTER_KEY and SLUICE_MASTER_KEY_PREVIOUS; a previous key alone is refused (nothing would seal new keys). */
export function parseMasterKeys(current: string | undefined, previous: string | undefined): MasterKeys {
  if (current === undefined && previous !== undefined) {
    throw new InvalidRequestError(
      'SLUICE_MASTER_KEY_PREVIOUS is set without SLUICE_MASTER_KEY: put the new key in SLUICE_MASTER_KEY and the old one in SLUICE_MASTER_KEY_PREVIOUS',
      {
        param: 'SLUICE_MASTER_KEY',
        code: 'master_key_required',
      },
    );
  }
  return {
    current: current === undefined ? undefined : parseMasterKey(current),
    previous: previous === undefined ? undefined : parseMasterKey(previous, 'SLUICE_MASTER_KEY_PREVIOUS'),
  };
}
