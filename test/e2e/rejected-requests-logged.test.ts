import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LogPage, RequestLogRecord } from '@sluice/request-log';
import pg from 'pg';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-refused-request-logs';
const BAD_KEY = 'sk-sluice-not-a-real-key-0123456789abcdef';
const BODY_LIMIT = 4096;

interface Refusal {
  name: string;
  path: string;
  body: unknown;
  /** The credential sent: the restricted key, the open key, or a bad one. */
  key: 'restricted' | 'open' | 'bad';
  headers?: Record<string, string>;
  status: number;
  error: RegExp;
  /** '' when the request was refused before its body was read (authentication, size). */
  model: string;
  mode?: 'sync' | 'async';
}

const chatBody = (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] });

const REFUSALS: Refusal[] = [
  {
    name: 'invalid',
    path: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: 'nope' },
    key: 'restricted',
    status: 400,
    error: /^invalid_request_error\/\w+: .*messages/,
    model: 'gpt-4o-mini',
  },
  {
    name: 'unauthenticated',
    path: '/v1/chat/completions',
    body: chatBody('gpt-4o-mini'),
    key: 'bad',
    status: 401,
    error: /^authentication_error\/invalid_api_key: /,
    model: '',
  },
  {
    name: 'forbidden-model',
    path: '/v1/chat/completions',
    body: chatBody('gpt-4o'),
    key: 'restricted',
    status: 403,
    error: /^permission_error\/model_not_allowed: /,
    model: 'gpt-4o',
  },
  {
    name: 'too-large',
    path: '/v1/chat/completions',
    body: chatBody('x'.repeat(BODY_LIMIT)),
    key: 'restricted',
    status: 413,
    error: /^request_too_large\/\w+: /,
    model: '',
  },
  {
    name: 'anthropic-invalid',
    path: '/v1/messages',
    body: chatBody('gpt-4o-mini'),
    key: 'restricted',
    status: 400,
    error: /^invalid_request_error\/\w+: .*max_tokens/,
    model: 'gpt-4o-mini',
  },
  {
    name: 'embeddings-invalid',
    path: '/v1/embeddings',
    body: { model: 'text-embedding-3-small' },
    key: 'open',
    status: 400,
    error: /^invalid_request_error\/\w+: .*input/,
    model: 'text-embedding-3-small',
  },
  {
    name: 'job-invalid',
    path: '/v1/jobs',
    body: { body: { ...chatBody('gpt-4o-mini'), stream: true } },
    key: 'restricted',
    status: 400,
    error: /^invalid_request_error\/\w+: body\.stream/,
    model: 'gpt-4o-mini',
    mode: 'async',
  },
  {
    name: 'unknown-config',
    path: '/v1/chat/completions',
    body: chatBody('gpt-4o-mini'),
    key: 'open',
    headers: { 'x-sluice-config': 'no-such-config' },
    status: 400,
    error: /^invalid_request_error\/config_not_found: .*no-such-config/,
    model: 'gpt-4o-mini',
  },
];

describe('refused model calls are in the request log, once each', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: TestGateway;
  let admin: AdminClient;
  let sql: pg.Client;
  const keys = { restricted: { id: '', key: '' }, open: { id: '', key: '' } };
  /** Request id by case name (the `case` property of each call). */
  const logged = new Map<string, string>();

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, DATABASE_URL: database.url, SLUICE_BODY_LIMIT: String(BODY_LIMIT) },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    for (const [name, settings] of [
      ['restricted', { allowed_models: ['gpt-4o-mini'] }],
      ['open', {}],
    ] as const) {
      const created = await admin.request('POST', '/admin/virtual-keys', { name, ...settings });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      keys[name] = { id: String(created.body.id), key: String(created.body.key) };
    }
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    await gateway?.stop();
    await simulator?.close();
    await database?.drop();
  });

  const credentialOf = (key: Refusal['key']) => (key === 'bad' ? BAD_KEY : keys[key].key);

  async function post(path: string, body: unknown, credential: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      requestId: response.headers.get('x-sluice-request-id'),
      body: await response.text(),
    };
  }

  async function record(requestId: string): Promise<RequestLogRecord> {
    let found: RequestLogRecord | undefined;
    await eventually(async () => {
      const response = await fetch(`${gateway.baseURL}/logs/${requestId}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      if (response.status === 200) found = (await response.json()) as RequestLogRecord;
      return found !== undefined;
    }, 10_000);
    return found as RequestLogRecord;
  }

  const context = (name: string) => ({
    'x-sluice-property-case': name,
    'x-sluice-user-id': `user-${name}`,
    'x-sluice-session-id': 'session-1',
    'x-sluice-trace-id': `trace-${name}`,
  });

  for (const refusal of REFUSALS) {
    test(`${refusal.status} ${refusal.name} on ${refusal.path} is logged with its status, error and context`, async () => {
      const answer = await post(refusal.path, refusal.body, credentialOf(refusal.key), {
        ...context(refusal.name),
        ...refusal.headers,
      });
      assert.equal(answer.status, refusal.status, answer.body);
      assert.match(answer.requestId ?? '', /^req_[0-9a-f]{32}$/, 'the refusal names its log record');
      logged.set(refusal.name, answer.requestId ?? '');
      const row = await record(answer.requestId ?? '');
      assert.equal(row.status, 'error');
      assert.equal(row.http_status, refusal.status);
      assert.match(row.error ?? '', refusal.error);
      assert.equal(row.mode, refusal.mode ?? 'sync');
      assert.equal(row.requested_model, refusal.model);
      assert.equal(row.virtual_key_id, refusal.key === 'bad' ? null : keys[refusal.key].id);
      assert.deepEqual(row.properties, { case: refusal.name });
      assert.deepEqual(
        [row.user_id, row.session_id, row.trace_id],
        [`user-${refusal.name}`, 'session-1', `trace-${refusal.name}`],
      );
      assert.ok(row.ip, 'the client address is recorded');
      assert.ok(row.latency_ms >= 0);
      assert.deepEqual(row.attempts, []);
      assert.deepEqual(
        [row.provider, row.served_model, row.prompt_tokens, row.completion_tokens, row.cost_usd],
        [null, null, 0, 0, 0],
      );
    });
  }

  test('the body of an authenticated refusal is logged unless x-sluice-omit-bodies; an unauthenticated one never', async () => {
    assert.deepEqual((await record(logged.get('invalid') ?? '')).request_body, {
      model: 'gpt-4o-mini',
      messages: 'nope',
    });
    assert.equal((await record(logged.get('unauthenticated') ?? '')).request_body, null);
    const omitted = await post(
      '/v1/chat/completions',
      { model: 'gpt-4o-mini', messages: 'secret' },
      keys.restricted.key,
      { ...context('omitted'), 'x-sluice-omit-bodies': 'true' },
    );
    assert.equal(omitted.status, 400);
    logged.set('omitted', omitted.requestId ?? '');
    assert.equal((await record(omitted.requestId ?? '')).request_body, null);
  });

  test('a consumer rate limit refusal (429) and the success before it are logged once each', async () => {
    const limited = { 'x-sluice-rate-limit': '1;w=60' };
    const first = await post('/v1/chat/completions', chatBody('gpt-4o-mini'), keys.open.key, {
      ...context('success'),
      ...limited,
    });
    assert.equal(first.status, 200, first.body);
    const second = await post('/v1/chat/completions', chatBody('gpt-4o-mini'), keys.open.key, {
      ...context('rate-limited'),
      ...limited,
    });
    assert.equal(second.status, 429, second.body);
    logged.set('success', first.requestId ?? '');
    logged.set('rate-limited', second.requestId ?? '');
    const success = await record(first.requestId ?? '');
    assert.deepEqual([success.status, success.http_status, success.provider], ['success', 200, 'openai']);
    const refused = await record(second.requestId ?? '');
    assert.deepEqual([refused.status, refused.http_status, refused.virtual_key_id], ['error', 429, keys.open.id]);
    assert.match(refused.error ?? '', /^rate_limit_exceeded\/\w+: Rate limit reached/);
  });

  test('refusals outside the model-call routes are not logged', async () => {
    const headers = { authorization: `Bearer ${keys.open.key}`, ...context('unlogged') };
    const answers = [
      await fetch(`${gateway.baseURL}/logs?limit=nope`, { headers }),
      await fetch(`${gateway.url}/admin/virtual-keys`, { headers }),
      await fetch(`${gateway.baseURL}/nowhere`, { method: 'POST', headers, body: '{}' }),
      await fetch(`${gateway.baseURL}/chat/completions`, { headers }),
      await fetch(`${gateway.baseURL}/jobs/job_missing`, { headers }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [400, 401, 404, 404, 404],
    );
    assert.ok(answers.every((answer) => answer.headers.get('x-sluice-request-id') === null));
  });

  test('every call has exactly one row, and no row holds a key', async () => {
    const sentinel = await post('/v1/chat/completions', chatBody('gpt-4o-mini'), keys.open.key, context('sentinel'));
    await record(sentinel.requestId ?? '');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await sql.query<{ name: string | null; count: number; ids: string[] }>(
      "SELECT properties->>'case' AS name, count(*)::int AS count, array_agg(id) AS ids FROM request_logs GROUP BY 1",
    );
    const counts = Object.fromEntries(rows.map((row) => [row.name, row.count]));
    const expected = Object.fromEntries([...logged.keys(), 'sentinel'].map((name) => [name, 1]));
    assert.deepEqual(counts, expected, 'one row per call, none for the unlogged routes');
    for (const [name, id] of logged) assert.deepEqual(rows.find((row) => row.name === name)?.ids, [id]);
    const page = await fetch(`${gateway.baseURL}/logs?status=error&limit=1000`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(
      ((await page.json()) as LogPage).data.length,
      logged.size - 1,
      'every refusal is an error in /v1/logs',
    );
    const everything = JSON.stringify([
      (await sql.query('SELECT * FROM request_logs')).rows,
      (await sql.query('SELECT * FROM request_log_bodies')).rows,
      (await sql.query('SELECT * FROM request_log_turns')).rows,
    ]);
    for (const secret of [BAD_KEY, keys.restricted.key, keys.open.key, ADMIN_TOKEN])
      assert.ok(!everything.includes(secret), 'a key appears in the request log');
  });
});
