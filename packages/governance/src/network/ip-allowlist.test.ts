import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { IpAllowlist } from './ip-allowlist';

describe('IP allowlists', () => {
  test('IPv4 and IPv6 ranges and single addresses', () => {
    const list = IpAllowlist.parse(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1'], 'list');
    assert.ok(list.allows('10.20.30.40'));
    assert.ok(list.allows('192.168.1.7'));
    assert.ok(!list.allows('192.168.1.8'));
    assert.ok(list.allows('2001:db8:1::5'));
    assert.ok(list.allows('::1'));
    assert.ok(!list.allows('2001:db9::1'));
    assert.ok(!list.allows('11.0.0.1'));
  });

  test('IPv4 clients seen through a dual-stack socket (::ffff:a.b.c.d) match IPv4 ranges', () => {
    const list = IpAllowlist.parse(['127.0.0.0/8'], 'list');
    assert.ok(list.allows('::ffff:127.0.0.1'));
    assert.ok(!list.allows('::ffff:10.0.0.1'));
    assert.ok(IpAllowlist.parse(['::ffff:10.0.0.0/104'], 'list').allows('10.9.9.9'));
  });

  test('an empty list allows everyone; a missing or garbage address is allowed by no list', () => {
    assert.ok(IpAllowlist.parse([], 'list').allows(undefined));
    const list = IpAllowlist.parse(['0.0.0.0/0'], 'list');
    assert.ok(!list.allows(undefined));
    assert.ok(!list.allows('not-an-ip'));
  });

  test('bad entries are named by index', () => {
    assert.throws(
      () => IpAllowlist.parse(['10.0.0.0/8', '10.0.0.0/33', 'example.com'], 'ip_allowlist'),
      (error: unknown) =>
        error instanceof InvalidRequestError &&
        /ip_allowlist\.1/.test(error.message) &&
        /ip_allowlist\.2/.test(error.message),
    );
  });
});
