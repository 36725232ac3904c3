import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import pg from 'pg';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-virtual-key-tests';

describe('virtual keys', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let admin: AdminClient;
  let sql: pg.Client;

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\nconfigs:\n  routed:\n    targets: [{ provider: openai, model: routed-model }]\n  other:\n    targets: [{ provider: openai, model: other-model }]\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
    await gateway.stop();
    await simulator.close();
    await database.drop();
  });

  const chat = (key: string, model = 'gpt-4o-mini', headers: Record<string, string> = {}) =>
    new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0, defaultHeaders: headers }).chat.completions
      .create({ model, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();

  async function createKey(settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
    const created = await admin.request('POST', '/admin/virtual-keys', settings);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: String(created.body.id), key: String(created.body.key) };
  }

  test('the admin API and the queue board refuse requests without the admin token', async () => {
    for (const token of [null, 'wrong-token']) {
      const refused = await admin.request('GET', '/admin/virtual-keys', undefined, token);
      assert.equal(refused.status, 401);
      assert.equal((refused.body.error as { type: string }).type, 'authentication_error');
      assert.match(refused.headers.get('www-authenticate') ?? '', /Bearer/);
    }
    assert.equal((await fetch(`${gateway.url}/admin/queues`)).status, 401);
    assert.equal((await admin.request('GET', '/admin/virtual-keys')).status, 200);
    const basic = await fetch(`${gateway.url}/admin/virtual-keys`, {
      headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` },
    });
    assert.equal(basic.status, 200, 'a browser can use the token as a Basic password');
  });

  test('with an admin token set, /v1 needs a virtual key', async () => {
    const response = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'authentication_error');
    await assert.rejects(
      chat('sk-sluice-not-a-real-key'),
      (error: unknown) => error instanceof OpenAI.AuthenticationError,
    );
  });

  test('a key is shown once, stored as a hash, and works with the official clients', async () => {
    const { id, key } = await createKey({ name: 'team-a' });
    assert.match(key, /^sk-sluice-[A-Za-z0-9_-]{43}$/);
    const listed = await admin.request('GET', '/admin/virtual-keys');
    assert.ok(!JSON.stringify(listed.body).includes(key));
    const fetched = await admin.request('GET', `/admin/virtual-keys/${id}`);
    assert.equal(fetched.body.key, undefined);
    assert.equal(fetched.body.status, 'active');
    const { rows } = await sql.query('SELECT * FROM virtual_keys WHERE id = $1', [id]);
    assert.ok(!JSON.stringify(rows).includes(key), 'the database holds no trace of the key');
    assert.equal(rows[0].key_hash.length, 64);

    const { data, response } = await chat(key);
    assert.equal(data.choices[0]?.message.content, 'Echo: hi');
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 });
    const message = await anthropic.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hey' }],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'Echo: hey');
    const requestId = response.headers.get('x-sluice-request-id');
    await eventually(
      async () =>
        (await sql.query('SELECT virtual_key_id FROM request_logs WHERE id = $1', [requestId])).rows[0]
          ?.virtual_key_id === id,
    );
  });

  test('allowed_models and allowed_configs are enforced with 403, and /v1/models lists only what the key may use', async () => {
    const { key } = await createKey({ name: 'restricted', allowed_models: ['gpt-4o-mini', 'routed'] });
    assert.equal((await chat(key, 'gpt-4o-mini')).data.model, 'gpt-4o-mini');
    await assert.rejects(
      chat(key, 'gpt-4o'),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && /model "gpt-4o"/.test(error.message),
    );
    await assert.rejects(
      chat(key, 'gpt-4o-mini', { 'x-sluice-config': 'other' }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError,
    );
    const inline = JSON.stringify({ targets: [{ provider: 'openai', model: 'anything' }] });
    await assert.rejects(
      chat(key, 'gpt-4o-mini', { 'x-sluice-config': inline }),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError,
    );
    const restricted = new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });
    const models = await restricted.models.list();
    assert.deepEqual(
      models.data.map((model) => model.id),
      ['routed', 'gpt-4o-mini'],
    );
    assert.equal((await restricted.models.retrieve('routed')).id, 'routed');
    assert.equal((await restricted.models.retrieve('gpt-4o-mini')).id, 'gpt-4o-mini');
    const countTokens = (model: string) =>
      new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 }).messages.countTokens({
        model,
        messages: [{ role: 'user', content: 'count me' }],
      });
    assert.ok((await countTokens('gpt-4o-mini')).input_tokens > 0);
    await assert.rejects(countTokens('gpt-4o'), (error: unknown) => error instanceof Anthropic.PermissionDeniedError);
    for (const hidden of ['other', 'gpt-4o', 'openai/other-model']) {
      await assert.rejects(
        restricted.models.retrieve(hidden),
        (error: unknown) => error instanceof OpenAI.NotFoundError && error.message.includes(hidden),
      );
    }

    const configsOnly = await createKey({ name: 'configs-only', allowed_configs: ['other'] });
    await assert.rejects(
      chat(configsOnly.key, 'routed'),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && /config "routed"/.test(error.message),
    );
    assert.equal(
      (await chat(configsOnly.key, 'anything', { 'x-sluice-config': 'other' })).response.headers.get('x-sluice-model'),
      'other-model',
    );
  });

  test('a key’s default config routes requests that name none', async () => {
    const { key } = await createKey({ name: 'with-config', config: 'routed' });
    const { response } = await chat(key, 'whatever-model');
    assert.equal(response.headers.get('x-sluice-model'), 'routed-model');
    assert.equal(
      (await chat(key, 'x', { 'x-sluice-config': 'other' })).response.headers.get('x-sluice-model'),
      'other-model',
      'a named config still wins',
    );
  });

  test('updates apply at once; expired keys get 403, revoked keys 401', async () => {
    const { id, key } = await createKey({ name: 'lifecycle', allowed_models: ['nothing-useful'] });
    await assert.rejects(chat(key), (error: unknown) => error instanceof OpenAI.PermissionDeniedError);
    const updated = await admin.request('PATCH', `/admin/virtual-keys/${id}`, { allowed_models: null });
    assert.deepEqual(updated.body.allowed_models, []);
    await chat(key);
    await admin.request('PATCH', `/admin/virtual-keys/${id}`, {
      expires_at: new Date(Date.now() - 1000).toISOString(),
    });
    await assert.rejects(
      chat(key),
      (error: unknown) => error instanceof OpenAI.PermissionDeniedError && /expired/.test(error.message),
    );
    const revoked = await admin.request('POST', `/admin/virtual-keys/${id}/revoke`);
    assert.equal(revoked.body.status, 'revoked');
    await assert.rejects(chat(key), (error: unknown) => error instanceof OpenAI.AuthenticationError);
  });

  test('bad settings are 400s naming each field', async () => {
    const bad = await admin.request('POST', '/admin/virtual-keys', {
      name: '',
      config: 'no-such-config',
      rate_limit: '10;w=abc',
      budget: { usd: -1, period: 'year' },
      ip_allowlist: ['10.0.0.0/8', 'nope'],
      expires_at: 'tomorrow',
      extra: true,
    });
    assert.equal(bad.status, 400);
    const message = String((bad.body.error as { message: string }).message);
    for (const field of ['name', 'rate_limit', 'budget.usd', 'budget.period', 'ip_allowlist.1', 'expires_at'])
      assert.match(message, new RegExp(field.replace('.', '\\.')));
    const unknownConfig = await admin.request('POST', '/admin/virtual-keys', { name: 'x', config: 'no-such-config' });
    assert.equal(unknownConfig.status, 400);
    assert.match(
      String((unknownConfig.body.error as { message: string }).message),
      /config: no config named "no-such-config"/,
    );
    assert.equal((await admin.request('GET', '/admin/virtual-keys/vk_missing')).status, 404);
  });
});
