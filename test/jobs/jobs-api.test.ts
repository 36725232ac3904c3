import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createQueueCatalog } from '@sluice/queues';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

interface JobBody {
  id: string;
  status: string;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  attempts: { provider: string; status: number | string }[];
  result?: { choices: { message: { content: string } }[]; data?: unknown[] };
  error?: { status: number; type: string; message: string };
  usage?: { total_tokens: number };
  cost_usd?: number;
  metadata: Record<string, unknown>;
  webhook: { url: string; secret?: string } | null;
}

describe('async jobs API (SPEC §4.2)', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;

  before(async () => {
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n    limits: { concurrency: 1 }\n`,
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
  });

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as JobBody & {
        error: { message: string; param: string | null; code: string };
        data: JobBody[];
        has_more: boolean;
      },
    };
  };

  test('a submitted job answers 202 queued, then long-polling returns its result, usage, cost and times', async () => {
    const submitted = await api('POST', '/v1/jobs', { body: chat('async hello'), metadata: { batch: 'nightly' } });
    assert.equal(submitted.status, 202);
    assert.match(submitted.body.id, /^job_[0-9a-f]{24}$/);
    assert.equal(submitted.body.status, 'queued');
    assert.equal(typeof submitted.body.created_at, 'number');
    assert.match(submitted.headers.get('x-sluice-request-id') ?? '', /^req_/);
    const started = Date.now();
    const done = await api('GET', `/v1/jobs/${submitted.body.id}?wait=10`);
    assert.ok(Date.now() - started < 5_000, 'the long poll returns as soon as the job settles');
    assert.equal(done.body.status, 'succeeded');
    assert.equal(done.body.result?.choices[0]?.message.content, 'Echo: async hello');
    assert.deepEqual(
      done.body.attempts.map((attempt) => attempt.status),
      [200],
    );
    assert.ok((done.body.usage?.total_tokens ?? 0) > 0);
    assert.ok((done.body.cost_usd ?? 0) > 0, 'gpt-4o-mini is priced');
    assert.ok(done.body.started_at !== null && done.body.completed_at !== null);
    assert.deepEqual(done.body.metadata, { batch: 'nightly' });
  });

  test('an embeddings job runs on /v1/embeddings', async () => {
    const submitted = await api('POST', '/v1/jobs', {
      endpoint: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: 'vector me' },
    });
    const done = await api('GET', `/v1/jobs/${submitted.body.id}?wait=10`);
    assert.equal(done.body.status, 'succeeded');
    assert.equal(done.body.result?.data?.length, 1);
  });

  test('the same Idempotency-Key returns the same job', async () => {
    const headers = { 'idempotency-key': `key-${Date.now()}` };
    const first = await api('POST', '/v1/jobs', { body: chat('once') }, headers);
    const second = await api('POST', '/v1/jobs', { body: chat('once') }, headers);
    assert.equal(first.status, 202);
    assert.equal(second.status, 200);
    assert.equal(second.body.id, first.body.id);
    const third = await api(
      'POST',
      '/v1/jobs',
      { body: chat('once') },
      { 'idempotency-key': `${headers['idempotency-key']}-other` },
    );
    assert.notEqual(third.body.id, first.body.id);
  });

  test('bad submissions are 400s naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ body: { model: 'gpt-4o-mini' } }, 'body.messages'],
      [{ body: { ...chat('x'), stream: true } }, 'body.stream'],
      [{ body: chat('x'), priority: 'urgent' }, 'priority'],
      [{ body: chat('x'), endpoint: '/v1/images' }, 'endpoint'],
      [{ body: chat('x'), surprise: 1 }, '(root)'],
      [{ body: chat('x'), webhook: { url: 'http://127.0.0.1:9/hook' } }, 'webhook.url'],
      [{ body: chat('x'), webhook: { url: 'ftp://example.com/hook' } }, 'webhook.url'],
      [{ body: chat('x'), webhook: { url: 'https://example.com/hook', secret: 'short' } }, 'webhook.secret'],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', '/v1/jobs', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.message.includes(field), true, `${answer.body.error.message} names ${field}`);
    }
    assert.equal((await api('GET', '/v1/jobs/job_missing')).status, 404);
    assert.equal((await api('GET', '/v1/jobs?status=sleeping')).status, 400);
    assert.equal((await api('GET', '/v1/jobs/job_missing?wait=99')).status, 400);
  });

  test('a failed job records the provider error and every attempt', async () => {
    simulator.configure({ failStatus: 400, failCount: 1 });
    const submitted = await api('POST', '/v1/jobs', { body: chat('rejected') });
    const done = await api('GET', `/v1/jobs/${submitted.body.id}?wait=10`);
    assert.equal(done.body.status, 'failed');
    assert.equal(done.body.error?.status, 400);
    assert.equal(done.body.attempts.length, 1);
    assert.equal(done.body.result, undefined);
  });

  test('cancel: a running job is aborted upstream, a queued one leaves its queue, a finished one is a 409', async () => {
    simulator.configure({ latencyMs: 3_000 });
    const running = await api('POST', '/v1/jobs', { body: chat('slow') });
    const queued = await api('POST', '/v1/jobs', { body: chat('waiting') });
    await waitFor(() => simulator.stats().inFlight === 1);
    const cancelledQueued = await api('POST', `/v1/jobs/${queued.body.id}/cancel`);
    assert.equal(cancelledQueued.body.status, 'cancelled');
    const connection = new Redis(REDIS_URL);
    const queue = new Queue(createQueueCatalog(gateway.prefix).providerQueue('openai'), {
      connection,
      prefix: gateway.prefix,
    });
    assert.equal(await queue.getJob(queued.body.id), undefined, 'the queued job left its queue');
    await queue.close();
    connection.disconnect();
    const cancelledRunning = await api('POST', `/v1/jobs/${running.body.id}/cancel`);
    assert.equal(cancelledRunning.body.status, 'cancelled');
    await waitFor(() => simulator.stats().inFlight === 0);
    simulator.configure({ latencyMs: 0 });
    assert.equal(
      (await api('POST', `/v1/jobs/${running.body.id}/cancel`)).body.status,
      'cancelled',
      'cancelling again is harmless',
    );
    const requestsBefore = simulator.stats().requests;
    const finished = await api('POST', '/v1/jobs', { body: chat('quick') });
    await api('GET', `/v1/jobs/${finished.body.id}?wait=10`);
    assert.equal(simulator.stats().requests, requestsBefore + 1, 'the cancelled queued job never reached the provider');
    const conflict = await api('POST', `/v1/jobs/${finished.body.id}/cancel`);
    assert.equal(conflict.status, 409);
    assert.equal(
      (await api('GET', `/v1/jobs/${running.body.id}`)).body.status,
      'cancelled',
      'a late result never overwrites a cancel',
    );
  });

  test('jobs list newest first, filter by status and page with after', async () => {
    const ids: string[] = [];
    for (const text of ['p1', 'p2', 'p3']) ids.push((await api('POST', '/v1/jobs', { body: chat(text) })).body.id);
    for (const id of ids) await api('GET', `/v1/jobs/${id}?wait=10`);
    const first = await api('GET', '/v1/jobs?limit=2&status=succeeded');
    assert.deepEqual(
      first.body.data.map((job) => job.id),
      [ids[2], ids[1]],
    );
    assert.equal(first.body.has_more, true);
    const second = await api('GET', `/v1/jobs?limit=1&status=succeeded&after=${ids[1]}`);
    assert.deepEqual(
      second.body.data.map((job) => job.id),
      [ids[0]],
    );
    const cancelled = await api('GET', '/v1/jobs?status=cancelled');
    assert.ok(cancelled.body.data.every((job) => job.status === 'cancelled'));
    assert.equal(cancelled.body.data.length, 2);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
