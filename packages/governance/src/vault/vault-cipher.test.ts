import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { parseMasterKey } from './master-key';
import { openSealedSecret, SealedValueError, sealSecret } from './vault-cipher';

describe('the provider-key vault cipher (AES-256-GCM)', () => {
  const masterKey = randomBytes(32);

  test('seals and opens; the sealed text holds no trace of the key', () => {
    const sealed = sealSecret('sk-live-abcdef0123456789', masterKey, 'openai');
    assert.ok(!sealed.includes('sk-live'));
    assert.notEqual(sealed, sealSecret('sk-live-abcdef0123456789', masterKey, 'openai'), 'a fresh IV each time');
    assert.equal(openSealedSecret(sealed, masterKey, 'openai'), 'sk-live-abcdef0123456789');
  });

  test('another master key, another provider, or a flipped byte does not open it', () => {
    const sealed = sealSecret('secret', masterKey, 'openai');
    assert.throws(() => openSealedSecret(sealed, randomBytes(32), 'openai'), SealedValueError);
    assert.throws(() => openSealedSecret(sealed, masterKey, 'claude'), SealedValueError);
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3] as string, 'base64');
    data[0] = (data[0] as number) ^ 1;
    assert.throws(
      () => openSealedSecret([...parts.slice(0, 3), data.toString('base64')].join('.'), masterKey, 'openai'),
      SealedValueError,
    );
    assert.throws(() => openSealedSecret('garbage', masterKey, 'openai'), SealedValueError);
  });

  test('the master key must be 32 bytes of base64, and a bad one is never echoed', () => {
    assert.equal(parseMasterKey(masterKey.toString('base64')).length, 32);
    for (const bad of ['short', randomBytes(16).toString('base64'), `${randomBytes(32).toString('hex')}`]) {
      assert.throws(
        () => parseMasterKey(bad),
        (error: unknown) =>
          error instanceof InvalidRequestError && error.param === 'SLUICE_MASTER_KEY' && !error.message.includes(bad),
      );
    }
  });
});
