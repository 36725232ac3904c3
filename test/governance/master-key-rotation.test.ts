import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { GOVERNANCE_MIGRATIONS, ProviderKeyVault, parseMasterKeys } from '@sluice/governance';
import { openScratchPglite, type ScratchDatabase } from '../helpers/scratch-databases';

const encoded = () => randomBytes(32).toString('base64');

describe('rotating SLUICE_MASTER_KEY with SLUICE_MASTER_KEY_PREVIOUS', () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await openScratchPglite(GOVERNANCE_MIGRATIONS);
  });
  after(async () => {
    await scratch.dispose();
  });

  const sealedKeys = async () =>
    (
      await scratch.database.query<{ provider: string; sealed_key: string; version: number }>(
        'SELECT provider, sealed_key, version FROM provider_keys ORDER BY provider',
      )
    ).rows;

  test('keys sealed under the old master key open during the rotation, are sealed again under the new one, and then open without the old', async () => {
    const oldKey = encoded();
    const newKey = encoded();
    const before = new ProviderKeyVault(scratch.database, parseMasterKeys(oldKey, undefined));
    await before.set('openai', 'sk-openai-0123456789abcdef');
    await before.set('anthropic', 'sk-ant-0123456789abcdef');
    const sealedBefore = await sealedKeys();

    await assert.rejects(
      new ProviderKeyVault(scratch.database, parseMasterKeys(newKey, undefined)).verify(),
      (error: unknown) => error instanceof InvalidRequestError && error.code === 'master_key_mismatch',
    );

    const rotating = new ProviderKeyVault(scratch.database, parseMasterKeys(newKey, oldKey));
    await rotating.verify();
    assert.deepEqual(Object.fromEntries(await rotating.openAll()), {
      anthropic: 'sk-ant-0123456789abcdef',
      openai: 'sk-openai-0123456789abcdef',
    });
    assert.equal(await rotating.resealUnderCurrentKey(), 2);
    assert.equal(await rotating.resealUnderCurrentKey(), 0, 'nothing left for the old key');
    const sealedAfter = await sealedKeys();
    assert.deepEqual(
      sealedAfter.map((row) => row.version),
      sealedBefore.map((row) => row.version),
      'the provider keys themselves did not change',
    );
    assert.ok(sealedAfter.every((row, index) => row.sealed_key !== sealedBefore[index]?.sealed_key));

    const after = new ProviderKeyVault(scratch.database, parseMasterKeys(newKey, undefined));
    await after.verify();
    assert.equal((await after.openAll()).get('openai'), 'sk-openai-0123456789abcdef');
    await assert.rejects(
      new ProviderKeyVault(scratch.database, parseMasterKeys(oldKey, undefined)).verify(),
      (error: unknown) => error instanceof InvalidRequestError && error.code === 'master_key_mismatch',
    );
  });

  test('a previous key alone, or a malformed one, is refused naming its variable', () => {
    assert.throws(
      () => parseMasterKeys(undefined, encoded()),
      (error: unknown) =>
        error instanceof InvalidRequestError &&
        /SLUICE_MASTER_KEY_PREVIOUS is set without SLUICE_MASTER_KEY/.test(error.message),
    );
    assert.throws(
      () => parseMasterKeys(encoded(), 'not-a-key'),
      (error: unknown) =>
        error instanceof InvalidRequestError &&
        error.param === 'SLUICE_MASTER_KEY_PREVIOUS' &&
        !error.message.includes('not-a-key'),
    );
  });
});
