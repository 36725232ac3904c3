import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-log-tenancy';
const METRICS_TOKEN = 'metrics-token-for-log-tenancy';

interface LogRow {
  id: string;
  virtual_key_id: string | null;
  cost_usd: number;
  request_body?: unknown;
}
interface SummaryRow {
  requests: number;
  cost_usd: number;
  prompt_tokens: number;
}

const configYaml = (simulator: RunningSimulator) =>
  `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`;

describe('a virtual key reads only its own request log and analytics; the admin reads all', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let client: AdminClient;
  const keys: Record<'alice' | 'bob', { id: string; secret: string; requests: string[] }> = {
    alice: { id: '', secret: '', requests: [] },
    bob: { id: '', secret: '', requests: [] },
  };

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: configYaml(simulator),
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, SLUICE_METRICS_TOKEN: METRICS_TOKEN, DATABASE_URL: database.url },
    });
    client = adminClient(gateway.url, ADMIN_TOKEN);
    for (const name of ['alice', 'bob'] as const) {
      const created = await client.request('POST', '/admin/virtual-keys', { name });
      keys[name].id = String(created.body.id);
      keys[name].secret = String(created.body.key);
    }
    const call = async (name: 'alice' | 'bob', content: string) => {
      const answer = await client.request(
        'POST',
        '/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content }] },
        keys[name].secret,
      );
      assert.equal(answer.status, 200);
      keys[name].requests.push(answer.headers.get('x-sluice-request-id') ?? '');
    };
    await call('alice', 'alice asks a first, rather long question about her private plans');
    await call('alice', 'alice asks again');
    await call('bob', 'bob asks once');
    const everyId = [...keys.alice.requests, ...keys.bob.requests];
    await eventually(async () => {
      const statuses = await Promise.all(
        everyId.map(async (id) => (await client.request('GET', `/v1/logs/${id}`)).status),
      );
      return statuses.every((status) => status === 200);
    }, 15_000);
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  const as = (name: 'alice' | 'bob' | 'admin', path: string) =>
    client.request('GET', path, undefined, name === 'admin' ? ADMIN_TOKEN : keys[name].secret);
  const listedIds = async (name: 'alice' | 'bob' | 'admin') => {
    const page = await as(name, '/v1/logs?limit=100');
    assert.equal(page.status, 200);
    return (page.body.data as LogRow[]).map((row) => row.id).sort();
  };
  const totals = async (name: 'alice' | 'bob' | 'admin') => {
    const summary = await as(name, '/v1/analytics/summary?interval=day');
    assert.equal(summary.status, 200);
    const rows = summary.body.data as SummaryRow[];
    return {
      requests: rows.reduce((sum, row) => sum + row.requests, 0),
      cost: rows.reduce((sum, row) => sum + row.cost_usd, 0),
      promptTokens: rows.reduce((sum, row) => sum + row.prompt_tokens, 0),
    };
  };
  const costOf = async (ids: string[]) => {
    let sum = 0;
    for (const id of ids) sum += ((await as('admin', `/v1/logs/${id}`)).body as unknown as LogRow).cost_usd;
    return sum;
  };

  test('GET /v1/logs lists a key’s own rows only, and every row for the admin', async () => {
    assert.deepEqual(await listedIds('alice'), [...keys.alice.requests].sort());
    assert.deepEqual(await listedIds('bob'), [...keys.bob.requests].sort());
    assert.deepEqual(await listedIds('admin'), [...keys.alice.requests, ...keys.bob.requests].sort());
  });

  test('GET /v1/logs/export exports a key’s own rows only, and every row for the admin', async () => {
    const exportedIds = async (name: 'alice' | 'bob' | 'admin') => {
      const response = await fetch(`${gateway.url}/v1/logs/export?format=ndjson`, {
        headers: { authorization: `Bearer ${name === 'admin' ? ADMIN_TOKEN : keys[name].secret}` },
      });
      assert.equal(response.status, 200);
      const lines = (await response.text()).split('\n').filter((line) => line !== '');
      return lines.map((line) => (JSON.parse(line) as LogRow).id).sort();
    };
    assert.deepEqual(await exportedIds('alice'), [...keys.alice.requests].sort());
    assert.deepEqual(await exportedIds('bob'), [...keys.bob.requests].sort());
    assert.deepEqual(await exportedIds('admin'), [...keys.alice.requests, ...keys.bob.requests].sort());
  });

  test('filters cannot widen a key’s view', async () => {
    const page = await as('bob', '/v1/logs?model=gpt-4o-mini&status=success&limit=100');
    assert.deepEqual(
      (page.body.data as LogRow[]).map((row) => row.virtual_key_id),
      keys.bob.requests.map(() => keys.bob.id),
    );
  });

  test('GET /v1/logs/:id of another key’s row is a 404, the same as an unknown id', async () => {
    const [alicesRow] = keys.alice.requests as [string];
    const [bobsRow] = keys.bob.requests as [string];
    const own = await as('alice', `/v1/logs/${alicesRow}`);
    assert.equal(own.status, 200);
    assert.ok((own.body as unknown as LogRow).request_body, 'the owner reads the bodies');
    for (const [reader, id] of [
      ['bob', alicesRow],
      ['alice', bobsRow],
    ] as const) {
      const refused = await as(reader, `/v1/logs/${id}`);
      const unknown = await as(reader, '/v1/logs/req_unknown');
      assert.equal(refused.status, 404);
      assert.equal(unknown.status, 404);
      const withoutMessage = (body: Record<string, unknown>) => ({ ...(body.error as object), message: '' });
      assert.deepEqual(withoutMessage(refused.body), withoutMessage(unknown.body));
      assert.equal((refused.body.error as { code: string }).code, 'log_not_found');
    }
    assert.equal((await as('admin', `/v1/logs/${alicesRow}`)).status, 200);
    assert.equal((await as('admin', `/v1/logs/${bobsRow}`)).status, 200);
  });

  test('GET /v1/analytics/summary counts and prices a key’s own requests only', async () => {
    const alice = await totals('alice');
    const bob = await totals('bob');
    const admin = await totals('admin');
    assert.equal(alice.requests, 2);
    assert.equal(bob.requests, 1);
    assert.equal(admin.requests, 3);
    const aliceCost = await costOf(keys.alice.requests);
    const bobCost = await costOf(keys.bob.requests);
    assert.ok(aliceCost > bobCost && bobCost > 0, 'the calls were priced');
    assert.ok(Math.abs(alice.cost - aliceCost) < 1e-12);
    assert.ok(Math.abs(bob.cost - bobCost) < 1e-12);
    assert.ok(Math.abs(admin.cost - (aliceCost + bobCost)) < 1e-12);
    assert.equal(admin.promptTokens, alice.promptTokens + bob.promptTokens);
  });

  test('/metrics needs the metrics token or the admin token once an admin token is set', async () => {
    const scrape = (token: string | null) =>
      fetch(`${gateway.url}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
    const missing = await scrape(null);
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'invalid_metrics_token');
    assert.equal((await scrape('not-the-token')).status, 401);
    assert.equal((await scrape(keys.alice.secret)).status, 401, 'a virtual key is not a metrics token');
    for (const token of [METRICS_TOKEN, ADMIN_TOKEN]) {
      const scraped = await scrape(token);
      assert.equal(scraped.status, 200);
      assert.match(await scraped.text(), /^# HELP /m);
    }
  });
});

describe('development mode (no admin token, no keys) stays open', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({ configYaml: configYaml(simulator), env: { DATABASE_URL: database.url } });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  test('/metrics, /v1/logs and /v1/analytics/summary answer without a credential', async () => {
    for (const path of ['/metrics', '/v1/logs', '/v1/analytics/summary']) {
      assert.equal((await fetch(`${gateway.url}${path}`)).status, 200, path);
    }
  });
});
