import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { adminClient } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { runGatewayExpectingFailure } from '../helpers/spawn-gateway-process';
import { deleteKeys, startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-allowlist-tests';

describe('IP allowlists, X-Forwarded-For and development mode', () => {
  let simulator: RunningSimulator;
  let databases: ScratchPostgres[];
  let direct: TestGateway;
  let proxied: TestGateway;
  const directLogs: string[] = [];
  const proxiedLogs: string[] = [];

  before(async () => {
    simulator = await startOpenAISimulator();
    databases = await Promise.all([createScratchPostgres(), createScratchPostgres()]);
    const configYaml = `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\n`;
    [direct, proxied] = await Promise.all([
      startTestGateway({
        configYaml,
        env: { SLUICE_IP_ALLOWLIST: '10.0.0.0/8', DATABASE_URL: (databases[0] as ScratchPostgres).url },
        logDestination: { write: (line) => directLogs.push(line) },
      }),
      startTestGateway({
        configYaml,
        env: {
          SLUICE_IP_ALLOWLIST: '203.0.113.0/24, 2001:db8::/32',
          SLUICE_TRUST_PROXY: 'loopback',
          SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
          DATABASE_URL: (databases[1] as ScratchPostgres).url,
        },
        logDestination: { write: (line) => proxiedLogs.push(line) },
      }),
    ]);
  });
  after(async () => {
    await Promise.all([direct.stop(), proxied.stop()]);
    await simulator.close();
    await Promise.all(databases.map((database) => database.drop()));
  });

  const chat = (gateway: TestGateway, headers: Record<string, string>) =>
    fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });

  test('development mode says so loudly at start; an admin token ends it', async () => {
    assert.ok(directLogs.some((line) => line.includes('DEVELOPMENT MODE') && line.includes('"level":40')));
    assert.ok(!proxiedLogs.some((line) => line.includes('DEVELOPMENT MODE')));
  });

  test('without SLUICE_TRUST_PROXY the socket address counts and X-Forwarded-For is ignored', async () => {
    const refused = await chat(direct, { 'x-forwarded-for': '10.1.2.3' });
    assert.equal(refused.status, 403);
    const error = ((await refused.json()) as { error: { type: string; code: string; message: string } }).error;
    assert.deepEqual([error.type, error.code], ['permission_error', 'ip_not_allowed']);
    assert.match(error.message, /127\.0\.0\.1/);
    assert.equal((await fetch(`${direct.url}/metrics`)).status, 403, 'every route is covered');
    assert.equal((await fetch(`${direct.url}/healthz`)).status, 200, 'the health probes stay reachable');
  });

  test('behind a trusted proxy, the forwarded address is checked against the global and the key’s lists (IPv4 and IPv6)', async () => {
    const admin = adminClient(proxied.url, ADMIN_TOKEN);
    const forwarded = (address: string) => ({ 'x-forwarded-for': address });
    const created = await fetch(`${proxied.url}/admin/virtual-keys`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...forwarded('203.0.113.9'),
      },
      body: JSON.stringify({ name: 'office', ip_allowlist: ['203.0.113.128/25', '2001:db8:aaaa::/48'] }),
    });
    assert.equal(created.status, 201);
    const { key } = (await created.json()) as { key: string };
    const withKey = (address: string) => chat(proxied, { authorization: `Bearer ${key}`, ...forwarded(address) });
    assert.equal((await withKey('203.0.113.200')).status, 200);
    assert.equal((await withKey('2001:db8:aaaa::1')).status, 200);
    const outsideKey = await withKey('203.0.113.5');
    assert.equal(outsideKey.status, 403, 'in the global list but not the key’s');
    assert.match(((await outsideKey.json()) as { error: { message: string } }).error.message, /virtual key/);
    assert.equal((await withKey('2001:db8:bbbb::1')).status, 403);
    assert.equal((await withKey('198.51.100.1')).status, 403, 'outside the global list');
    assert.equal(
      (await admin.request('GET', '/admin/virtual-keys')).status,
      403,
      'the admin API from 127.0.0.1 is outside the global list too',
    );
  });
});

describe('bad governance settings stop start-up, naming the variable', () => {
  test('an IP allowlist entry, a proxy list or a master key that does not parse', async () => {
    const prefix = `bad${randomUUID().slice(0, 8)}`;
    const database = await createScratchPostgres();
    try {
      const common = { DATABASE_URL: database.url, SLUICE_SERVICES: 'ingress', SLUICE_QUEUE_PREFIX: prefix };
      const results = await Promise.all([
        runGatewayExpectingFailure({ ...common, SLUICE_IP_ALLOWLIST: '10.0.0.0/8, 10.0.0.0/33' }),
        runGatewayExpectingFailure({ ...common, SLUICE_TRUST_PROXY: 'the-usual-proxy' }),
        runGatewayExpectingFailure({ ...common, SLUICE_MASTER_KEY: 'not-a-real-master-key' }),
      ]);
      assert.deepEqual(
        results.map((result) => result.code),
        [1, 1, 1],
      );
      assert.match(results[0]?.stderr ?? '', /^sluice: .*SLUICE_IP_ALLOWLIST\.1/);
      assert.match(results[1]?.stderr ?? '', /^sluice: SLUICE_TRUST_PROXY .*the-usual-proxy/);
      assert.match(results[2]?.stderr ?? '', /^sluice: SLUICE_MASTER_KEY must be 32 random bytes/);
      assert.ok(!(results[2]?.stderr ?? '').includes('not-a-real-master-key'));
    } finally {
      await database.drop();
      await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    }
  });
});
