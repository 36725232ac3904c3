import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { deleteKeys, startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-propagation-tests';
const FIRST_KEY = 'sk-vault-provider-key-0001';
const SECOND_KEY = 'sk-vault-provider-key-0002';

/** Two gateways (ingress and worker each) on one Redis prefix and one PostgreSQL: a change made through one reaches the other. */
describe('stored configs, prompts and provider keys reach every ingress and worker within a second', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let first: TestGateway;
  let second: TestGateway;
  let admin: AdminClient;
  let sql: pg.Client;
  const prefix = `g${randomUUID().slice(0, 8)}`;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { requiredApiKey: FIRST_KEY } });
    database = await createScratchPostgres();
    const configYaml = `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-file-key-that-is-wrong\n`;
    const env = {
      SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
      DATABASE_URL: database.url,
      SLUICE_MASTER_KEY: randomBytes(32).toString('base64'),
    };
    first = await startTestGateway({ configYaml, env, prefix });
    second = await startTestGateway({ configYaml, env, prefix });
    admin = adminClient(first.url, ADMIN_TOKEN);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });
  after(async () => {
    await sql.end();
    await Promise.all([first.stop(), second.stop()]);
    await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    await simulator.close();
    await database.drop();
  });

  const chat = (gateway: TestGateway, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...body }),
    });
  const allSucceed = async (count: number) => {
    const responses = await Promise.all(
      Array.from({ length: count }, (_, index) => chat(index % 2 ? first : second, {})),
    );
    return responses.every((response) => response.status === 200);
  };
  /**
   * How long after a change the first round of requests through both gateways (so through both workers) that
   * all succeeded was sent: measured from the round's start, so slow request round trips do not count.
   */
  const propagationDelay = async (changedAt: number) => {
    for (;;) {
      const roundStartedAt = Date.now();
      if (await allSucceed(10)) return roundStartedAt - changedAt;
      if (Date.now() - changedAt > 5_000) throw new Error('the change never reached every worker');
    }
  };

  test('a provider key set and rotated through one ingress serves every worker at once, without a restart', async (t) => {
    assert.equal((await chat(second, {})).status, 401, 'the config file’s key is wrong');
    const set = await admin.request('PUT', '/admin/provider-keys/openai', { api_key: FIRST_KEY });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual([set.body.hint, set.body.version], ['…0001', 1]);
    const firstDelay = await propagationDelay(Date.now());
    simulator.configure({ requiredApiKey: SECOND_KEY });
    const rotated = await admin.request('PUT', '/admin/provider-keys/openai', { api_key: SECOND_KEY });
    assert.equal(rotated.body.version, 2);
    const rotationDelay = await propagationDelay(Date.now());
    assert.ok(firstDelay < 1_000 && rotationDelay < 1_000, `took ${firstDelay} and ${rotationDelay} ms`);
    t.diagnostic(`provider key set: ${firstDelay} ms, rotation: ${rotationDelay} ms until every worker used it`);
    const { rows } = await sql.query('SELECT sealed_key FROM provider_keys');
    assert.ok(!JSON.stringify(rows).includes('sk-vault'), 'stored sealed');
    assert.equal((await admin.request('PUT', '/admin/provider-keys/ghost', { api_key: 'x' })).status, 404);
  });

  test('a stored config, its new version and a rollback each reach the other ingress within a second', async (t) => {
    const store = (model: string) =>
      admin.request('POST', '/admin/configs/fast-lane', { targets: [{ provider: 'openai', model }] });
    const servedBy = async () =>
      (await chat(second, {}, { 'x-sluice-config': 'fast-lane' })).headers.get('x-sluice-model');
    assert.equal((await store('model-v1')).body.version, 1);
    const created = await eventually(async () => (await servedBy()) === 'model-v1', 1_000, 10);
    assert.equal((await store('model-v2')).body.version, 2);
    const updated = await eventually(async () => (await servedBy()) === 'model-v2', 1_000, 10);
    const rollback = await admin.request('POST', '/admin/configs/fast-lane/rollback', { version: 1 });
    assert.deepEqual([rollback.status, rollback.body.version, rollback.body.rolled_back_from], [201, 3, 1]);
    const rolledBack = await eventually(async () => (await servedBy()) === 'model-v1', 1_000, 10);
    assert.ok(Math.max(created, updated, rolledBack) < 1_000);
    t.diagnostic(
      `config seen by the other ingress after: create ${created} ms, update ${updated} ms, rollback ${rolledBack} ms`,
    );

    const old = await admin.request('GET', '/admin/configs/fast-lane?version=2');
    assert.equal(
      ((old.body.config as { targets: { model: string }[] }).targets[0] as { model: string }).model,
      'model-v2',
    );
    const versions = await admin.request('GET', '/admin/configs/fast-lane/versions');
    assert.deepEqual(
      (versions.body.data as { version: number }[]).map((entry) => entry.version),
      [1, 2, 3],
    );
    const logged = (await chat(second, {}, { 'x-sluice-config': 'fast-lane' })).headers.get('x-sluice-request-id');
    await eventually(async () => {
      const { rows } = await sql.query('SELECT config_id, config_version FROM request_logs WHERE id = $1', [logged]);
      return rows[0]?.config_id === 'fast-lane' && rows[0]?.config_version === 3;
    });
  });

  test('deleting: refused while a key routes by the config, then gone from every ingress; prompts likewise', async () => {
    assert.equal(
      (
        await admin.request('POST', '/admin/configs/doomed', {
          targets: [{ provider: 'openai', model: 'model-doomed' }],
        })
      ).status,
      201,
    );
    const key = await admin.request('POST', '/admin/virtual-keys', { name: 'pinned', config: 'doomed' });
    const refused = await admin.request('DELETE', '/admin/configs/doomed');
    assert.equal(refused.status, 409);
    assert.equal((refused.body.error as { code: string }).code, 'config_in_use');
    assert.match(
      (refused.body.error as { message: string }).message,
      new RegExp(`config "doomed" is still used by virtual key ${String(key.body.id)} \\(pinned\\)`),
    );
    assert.equal((await admin.request('POST', `/admin/virtual-keys/${String(key.body.id)}/revoke`)).status, 200);

    const servedBy = async () => (await chat(second, {}, { 'x-sluice-config': 'doomed' })).status;
    await eventually(async () => (await servedBy()) === 200, 1_000, 10);
    const deleted = await admin.request('DELETE', '/admin/configs/doomed');
    assert.deepEqual([deleted.status, deleted.body], [200, { id: 'doomed', object: 'config', deleted: true }]);
    await eventually(async () => (await servedBy()) === 400, 1_000, 10);
    assert.equal((await admin.request('GET', '/admin/configs/doomed')).status, 404);
    assert.equal((await admin.request('DELETE', '/admin/configs/doomed')).status, 404);

    assert.equal((await admin.request('POST', '/admin/prompts/farewell', { template: 'Bye {{name}}' })).status, 201);
    const viaPrompt = () =>
      chat(second, { messages: undefined, prompt: { id: 'farewell', variables: { name: 'Ada' } } });
    await eventually(async () => (await viaPrompt()).status === 200, 1_000, 10);
    assert.equal((await admin.request('DELETE', '/admin/prompts/farewell')).status, 200);
    await eventually(async () => (await viaPrompt()).status === 400, 1_000, 10);
    assert.equal(((await (await viaPrompt()).json()) as { error: { param: string } }).error.param, 'prompt.id');
  });

  test('an invalid config is a 400 naming each bad path', async () => {
    const bad = await admin.request('POST', '/admin/configs/broken', {
      strategy: 'roundrobin',
      targets: [{ provider: 'ghost' }],
    });
    assert.equal(bad.status, 400);
    assert.match(String((bad.body.error as { message: string }).message), /strategy/);
    const dangling = await admin.request('POST', '/admin/configs/broken', { targets: [{ provider: 'ghost' }] });
    assert.match(
      String((dangling.body.error as { message: string }).message),
      /targets\.0\.provider: no provider named "ghost"/,
    );
    assert.equal(
      (await admin.request('POST', '/admin/configs/inline', { targets: [{ provider: 'openai' }] })).status,
      400,
    );
  });

  test('a config is checked without being stored: every problem with its path, or valid', async () => {
    const checked = await admin.request('POST', '/admin/configs/draft/validate', {
      config: { strategy: 'roundrobin', targets: [{ provider: 'ghost' }] },
    });
    assert.equal(checked.status, 200);
    assert.equal(checked.body.valid, false);
    const paths = (checked.body.problems as { path: string }[]).map((problem) => problem.path);
    assert.ok(paths.includes('strategy'), `strategy in ${paths.join(', ')}`);
    const dangling = await admin.request('POST', '/admin/configs/draft/validate', { targets: [{ provider: 'ghost' }] });
    assert.deepEqual(dangling.body.problems, [{ path: 'targets.0.provider', message: 'no provider named "ghost"' }]);
    const valid = await admin.request('POST', '/admin/configs/draft/validate', { targets: [{ provider: 'openai' }] });
    assert.deepEqual([valid.body.valid, valid.body.problems], [true, []]);
    assert.equal((await admin.request('GET', '/admin/configs/draft')).status, 404, 'nothing was stored');
  });

  test('a stored prompt renders its variables; the log records its id and version', async () => {
    const created = await admin.request('POST', '/admin/prompts/greet', {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello {{name}} from {{ place }}' },
      ],
      variables: { place: 'Paris' },
    });
    assert.deepEqual([created.status, created.body.version, created.body.variables], [201, 1, ['name', 'place']]);
    await admin.request('POST', '/admin/prompts/greet', { template: 'Hi {{name}}' });
    const latest = await eventually(
      async () => {
        const response = await chat(second, {
          messages: undefined,
          prompt: { id: 'greet', variables: { name: 'Ada' } },
        });
        return (
          response.status === 200 &&
          ((await response.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ===
            'Echo: Hi Ada'
        );
      },
      1_000,
      10,
    );
    assert.ok(latest < 1_000);
    const pinned = await chat(second, {
      messages: undefined,
      prompt: { id: 'greet', version: 1, variables: { name: 'Ada' } },
    });
    const answer = (await pinned.json()) as { choices: { message: { content: string } }[] };
    assert.equal(answer.choices[0]?.message.content, 'Echo: Hello Ada from Paris');
    const requestId = pinned.headers.get('x-sluice-request-id');
    await eventually(async () => {
      const { rows } = await sql.query('SELECT prompt_id, prompt_version FROM request_logs WHERE id = $1', [requestId]);
      return rows[0]?.prompt_id === 'greet' && rows[0]?.prompt_version === 1;
    });
    const missing = await chat(first, { prompt: { id: 'greet', version: 1, variables: {} } });
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /prompt\.variables\.name/);
    const unknown = await chat(first, { prompt: { id: 'nope' } });
    assert.equal(((await unknown.json()) as { error: { param: string } }).error.param, 'prompt.id');
  });
});
