import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import pg from 'pg';
import { adminClient, eventually } from '../helpers/admin-client';
import { everyRedisValue } from '../helpers/redis-values';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-secrecy-0123456789';
const VAULT_PROVIDER_KEY = 'sk-vault-provider-secret-abcdef123456';
const FILE_PROVIDER_KEY = 'sk-file-provider-secret-654321fedcba';
const MASTER_KEY = randomBytes(32);

describe('no provider key, virtual key, master key or admin token in clear, anywhere', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  const logLines: string[] = [];
  const bodies: string[] = [];
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { requiredApiKey: VAULT_PROVIDER_KEY } });
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: \${FILE_KEY}\n`,
      env: {
        FILE_KEY: FILE_PROVIDER_KEY,
        SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
        SLUICE_MASTER_KEY: MASTER_KEY.toString('base64'),
        DATABASE_URL: database.url,
      },
      logDestination: { write: (line) => logLines.push(line) },
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await database.drop();
    redis.disconnect();
  });

  async function record(response: Response): Promise<Response> {
    bodies.push(await response.clone().text());
    return response;
  }

  test('after a full run with every governance feature', async () => {
    const admin = adminClient(gateway.url, ADMIN_TOKEN);
    assert.equal(
      (await admin.request('PUT', '/admin/provider-keys/openai', { api_key: VAULT_PROVIDER_KEY })).status,
      200,
    );
    const refusedBody = await admin.request('PUT', '/admin/provider-keys/openai', {
      api_key: VAULT_PROVIDER_KEY,
      extra: ADMIN_TOKEN,
    });
    bodies.push(JSON.stringify(refusedBody.body));
    const created = await admin.request('POST', '/admin/virtual-keys', {
      name: 'secrecy',
      rate_limit: '1000;w=60, 100000;w=60;u=token',
      budget: { usd: 100 },
    });
    const key = String(created.body.key);
    bodies.push(JSON.stringify((await admin.request('GET', `/admin/virtual-keys/${created.body.id}`)).body));
    bodies.push(JSON.stringify((await admin.request('GET', '/admin/provider-keys')).body));

    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });
    await eventually(
      async () =>
        await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'secret?' }] }).then(
          () => true,
          () => false,
        ),
    );
    const stream = await client.chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'stream it' }],
    });
    for await (const _chunk of stream) void _chunk;
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'embed me' });

    const call = (authorization: string) =>
      fetch(`${gateway.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      }).then(record);
    assert.equal((await call(`Bearer ${key}x`)).status, 401, 'a wrong virtual key');
    assert.equal((await call(`Bearer ${MASTER_KEY.toString('base64')}`)).status, 401);
    simulator.configure({ requiredApiKey: 'a-different-key-entirely' });
    assert.equal((await call(`Bearer ${key}`)).status, 401, 'the provider refuses the vault key (and may echo it)');
    simulator.configure({ requiredApiKey: VAULT_PROVIDER_KEY });
    await record(
      await fetch(`${gateway.url}/admin/virtual-keys`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}-wrong` } }),
    );

    await new Promise((resolve) => setTimeout(resolve, 500));
    const secrets = {
      'vault provider key': VAULT_PROVIDER_KEY,
      'file provider key': FILE_PROVIDER_KEY,
      'virtual key': key,
      'master key': MASTER_KEY.toString('base64'),
      'master key (hex)': MASTER_KEY.toString('hex'),
      'admin token': ADMIN_TOKEN,
    };
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const rows = JSON.stringify([
      (await sql.query('SELECT * FROM request_logs')).rows,
      (await sql.query('SELECT * FROM request_log_bodies')).rows,
      (await sql.query('SELECT * FROM request_log_turns')).rows,
      (await sql.query('SELECT * FROM virtual_keys')).rows,
      (await sql.query('SELECT * FROM provider_keys')).rows,
    ]);
    await sql.end();
    const stores = {
      redis: await everyRedisValue(redis, gateway.prefix),
      logs: logLines.join(''),
      'database rows': rows,
      'response bodies': bodies.join('\n'),
    };
    assert.ok(
      stores.redis.includes('secret?') && stores.logs.includes('request completed') && rows.includes('secret?'),
      'the scan sees real data',
    );
    for (const [where, text] of Object.entries(stores)) {
      for (const [what, secret] of Object.entries(secrets))
        assert.ok(!text.includes(secret), `the ${what} appears in the ${where}`);
    }
  });
});
