import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateVirtualKey, hashSecret, sameDigest, secretMatches } from './virtual-key-secret';

describe('virtual key secrets', () => {
  test('a key is sk-sluice- and 256 random bits; only its hash and a 4-character hint are kept', () => {
    const first = generateVirtualKey();
    const second = generateVirtualKey();
    assert.match(first.key, /^sk-sluice-[A-Za-z0-9_-]{43}$/);
    assert.notEqual(first.key, second.key);
    assert.equal(first.hash, hashSecret(first.key));
    assert.equal(first.hint, `sk-sluice-…${first.key.slice(-4)}`);
  });

  test('comparisons are by digest, for any lengths', () => {
    assert.ok(sameDigest(hashSecret('a'), hashSecret('a')));
    assert.ok(!sameDigest(hashSecret('a'), hashSecret('b')));
    assert.ok(!sameDigest('', ''), 'an empty digest never matches');
    assert.ok(!sameDigest(hashSecret('a'), 'abcd'));
    assert.ok(secretMatches('token', 'token'));
    assert.ok(!secretMatches('token', 'token-longer'));
  });
});
