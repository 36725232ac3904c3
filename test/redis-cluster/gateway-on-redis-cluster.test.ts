import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { type RedisClusterFixture, startRedisCluster } from '../helpers/redis-cluster';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-cluster-tests';

interface JobBody {
  id: string;
  status: string;
  result?: { choices: { message: { content: string } }[] };
}

/**
 * The whole gateway on a 3-master, 3-replica Redis Cluster of its own (REDIS_CLUSTER_NODES): every feature that keeps
 * state in Redis, keys spread over the masters, and a master killed while jobs are queued.
 */
describe('Sluice on a Redis Cluster', () => {
  let cluster: RedisClusterFixture;
  let database: ScratchPostgres;
  let alpha: RunningSimulator;
  let beta: RunningSimulator;
  let gateway: TestGateway;
  let admin: AdminClient;
  let key: string;
  let client: OpenAI;

  before(async () => {
    cluster = await startRedisCluster({ nodeTimeoutMs: 1_000 });
    database = await createScratchPostgres();
    alpha = await startOpenAISimulator();
    beta = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: [
        'providers:',
        `  alpha: { type: openai, base_url: "${alpha.url}", api_key: sk-a, timeout_ms: 5000, limits: { concurrency: 4 } }`,
        `  beta: { type: openai, base_url: "${beta.url}", api_key: sk-b, timeout_ms: 2000 }`,
        'pricing:',
        '  priced-model: { input: 10000, output: 10000 }',
        'configs:',
        '  plain: { targets: [ { provider: alpha } ] }',
        '  chain:',
        '    strategy: fallback',
        '    retry: { attempts: 2, on_status: [500], backoff_ms: 10 }',
        '    targets: [ { provider: beta, model: model-b }, { provider: alpha, model: model-a } ]',
        'default_config: plain',
      ].join('\n'),
      env: {
        REDIS_CLUSTER_NODES: cluster.seeds,
        DATABASE_URL: database.url,
        SLUICE_ADMIN_TOKEN: ADMIN_TOKEN,
        SLUICE_BREAKER_FAILURES: '3',
        SLUICE_BREAKER_COOLDOWN_MS: '60000',
      },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
    key = await createKey({});
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });
  });
  after(async () => {
    await gateway?.stop();
    await alpha?.close();
    await beta?.close();
    await cluster?.stop();
    await database?.drop();
  });

  async function createKey(settings: Record<string, unknown>): Promise<string> {
    return (await createKeyWithId(settings)).key;
  }

  async function createKeyWithId(settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'cluster', ...settings });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: String(created.body.id), key: String(created.body.key) };
  }

  const send = (apiKey: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
        ...body,
      }),
    });

  const jobs = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${gateway.baseURL}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as JobBody & { data: JobBody[] } };
  };

  test('it starts on the cluster and /readyz reports Redis ready', async () => {
    const ready = await fetch(`${gateway.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(((await ready.json()) as { checks: unknown }).checks, { redis: true, database: true });
  });

  test('sync and streamed chat completions', async () => {
    const answer = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hello cluster' }],
    });
    assert.equal(answer.choices[0]?.message.content, 'Echo: hello cluster');
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'streamed over shards' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Echo: streamed over shards');
  });

  test('async jobs are recorded, run, listed and settled', async () => {
    const submitted = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        jobs('POST', '/jobs', {
          body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `job ${index}` }] },
        }),
      ),
    );
    assert.deepEqual(
      submitted.map((job) => job.status),
      submitted.map(() => 202),
    );
    for (const [index, job] of submitted.entries()) {
      const done = await jobs('GET', `/jobs/${job.body.id}?wait=10`);
      assert.equal(done.body.status, 'succeeded');
      assert.equal(done.body.result?.choices[0]?.message.content, `Echo: job ${index}`);
    }
    const listed = await jobs('GET', '/jobs?status=succeeded&limit=100');
    const ids = new Set(listed.body.data.map((job) => job.id));
    for (const job of submitted) assert.ok(ids.has(job.body.id), `${job.body.id} is listed as succeeded`);
    assert.equal((await jobs('GET', '/jobs?status=queued&limit=100')).body.data.length, 0);
  });

  test('a batch runs to completion', async () => {
    const lines = Array.from({ length: 10 }, (_, index) =>
      JSON.stringify({
        custom_id: `line-${index}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `line ${index}` }] },
      }),
    );
    const file = await client.files.create({
      file: await toFile(Buffer.from(lines.join('\n')), 'lines.jsonl'),
      purpose: 'batch',
    });
    const batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    let current = batch;
    await eventually(async () => {
      current = await client.batches.retrieve(batch.id);
      return ['completed', 'failed', 'cancelled', 'expired'].includes(current.status);
    }, 30_000);
    assert.equal(current.status, 'completed');
    assert.deepEqual(current.request_counts, { total: 10, completed: 10, failed: 0 });
  });

  test('the exact cache stores and serves an answer', async () => {
    const body = { messages: [{ role: 'user', content: 'cache me on a cluster' }] };
    const ask = () => send(key, body, { 'x-sluice-cache': 'exact' });
    assert.equal((await ask()).headers.get('x-sluice-cache'), 'miss');
    await eventually(async () => (await ask()).headers.get('x-sluice-cache') === 'hit-exact');
    const calls = alpha.stats().requests;
    const hit = await ask();
    assert.equal(hit.headers.get('x-sluice-cache'), 'hit-exact');
    assert.equal(alpha.stats().requests, calls, 'the hit never reached the provider');
  });

  test('a consumer rate limit admits exactly its quota under concurrency', async () => {
    const limited = await createKey({ rate_limit: '5;w=60' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => send(limited)));
    assert.equal(responses.filter((response) => response.status === 200).length, 5);
    assert.equal(responses.filter((response) => response.status === 429).length, 15);
  });

  test('a budget reserves, settles, and refuses once spent', async () => {
    const { id, key: budgeted } = await createKeyWithId({ budget: { usd: 0.05, period: 'day' } });
    const spent = async () => {
      const fetched = await admin.request('GET', `/admin/virtual-keys/${id}`);
      return fetched.body.budget_status as { spent_usd: number; reserved_usd: number };
    };
    for (let request = 1; request <= 2; request += 1) {
      assert.equal((await send(budgeted, { model: 'priced-model' })).status, 200);
      await eventually(async () => {
        const status = await spent();
        return status.reserved_usd === 0 && Math.abs(status.spent_usd - 0.03 * request) < 1e-9;
      });
    }
    const refused = await send(budgeted, { model: 'priced-model' });
    assert.equal(refused.status, 402);
    assert.equal(((await refused.json()) as { error: { type: string } }).error.type, 'budget_exceeded');
  });

  test('the circuit breaker opens after failures and skips the failing target', async () => {
    beta.configure({ failStatus: 500 });
    try {
      const ask = () =>
        client.chat.completions.create({ model: 'chain', messages: [{ role: 'user', content: 'b' }] }).withResponse();
      await ask();
      await ask();
      assert.equal(beta.stats().requests, 3, 'the third failure opened the circuit');
      const skipped = await ask();
      assert.equal(beta.stats().requests, 3, 'an open circuit sends nothing to the failing target');
      assert.equal(skipped.response.headers.get('x-sluice-provider'), 'alpha');
    } finally {
      beta.reset();
    }
  });

  test('the keys spread over at least two masters', async () => {
    const counts = [...(await cluster.keysPerMaster()).values()];
    assert.equal(counts.length, 3);
    assert.ok(counts.filter((count) => count > 0).length >= 2, `keys per master: ${counts.join(', ')}`);
  });

  test('a master killed while jobs are queued: a replica takes over, every accepted job succeeds, sync resumes', async () => {
    alpha.configure({ latencyMs: 300 });
    const submitted = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        jobs('POST', '/jobs', {
          body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `failover ${index}` }] },
        }),
      ),
    );
    assert.deepEqual(
      submitted.map((job) => job.status),
      submitted.map(() => 202),
    );
    const waiting = await jobs('GET', '/jobs?status=queued&limit=100');
    assert.ok(waiting.body.data.length > 0, 'jobs are still queued when the master dies');
    const queueMaster = await cluster.masterOf(`{${gateway.prefix}:provider-alpha}:provider-alpha:meta`);
    await cluster.kill(queueMaster);
    await cluster.waitUntilHealthy(20_000);
    const promoted = (await cluster.nodes()).filter((node) => node.role === 'master' && node.alive);
    assert.equal(promoted.length, 3, 'a replica was promoted');
    assert.ok(!promoted.some((node) => node.port === queueMaster), 'the killed master is no longer one');

    for (const [index, job] of submitted.entries()) {
      let done: JobBody | undefined;
      await eventually(
        async () => {
          const answer = await jobs('GET', `/jobs/${job.body.id}?wait=5`);
          done = answer.body;
          return answer.status === 200 && done.status === 'succeeded';
        },
        60_000,
        100,
      );
      assert.equal(done?.result?.choices[0]?.message.content, `Echo: failover ${index}`);
    }
    alpha.reset();
    await eventually(async () => (await send(key)).status === 200, 20_000, 100);
    const after = await Promise.all(Array.from({ length: 10 }, () => send(key)));
    assert.deepEqual(
      after.map((response) => response.status),
      after.map(() => 200),
    );
  });
});
