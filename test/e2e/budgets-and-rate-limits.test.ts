import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type AdminClient, adminClient, eventually } from '../helpers/admin-client';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const ADMIN_TOKEN = 'admin-token-for-budget-tests';
const ALERT_SECRET = 'whsec-budget-alerts';

interface ReceivedAlert {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

async function startAlertReceiver(): Promise<{ server: Server; url: string; alerts: ReceivedAlert[] }> {
  const alerts: ReceivedAlert[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (part) => {
      body += part;
    });
    request.on('end', () => {
      alerts.push({ headers: request.headers, body });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, alerts };
}

describe('budgets and consumer rate limits', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let admin: AdminClient;
  let receiver: Awaited<ReturnType<typeof startAlertReceiver>>;

  before(async () => {
    simulator = await startOpenAISimulator();
    receiver = await startAlertReceiver();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-sim\npricing:\n  priced-model: { input: 10000, output: 10000 }\n`,
      env: { SLUICE_ADMIN_TOKEN: ADMIN_TOKEN, SLUICE_WEBHOOK_ALLOW_PRIVATE: '1' },
    });
    admin = adminClient(gateway.url, ADMIN_TOKEN);
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    receiver.server.close();
  });

  async function createKey(settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
    const created = await admin.request('POST', '/admin/virtual-keys', { name: 'test', ...settings });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return { id: String(created.body.id), key: String(created.body.key) };
  }

  const send = (key: string, headers: Record<string, string> = {}, body: Record<string, unknown> = {}) =>
    fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
      body: JSON.stringify({
        model: 'priced-model',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
        ...body,
      }),
    });

  async function budgetStatus(id: string): Promise<{ spent_usd: number; reserved_usd: number; limit_usd: number }> {
    const fetched = await admin.request('GET', `/admin/virtual-keys/${id}`);
    return fetched.body.budget_status as { spent_usd: number; reserved_usd: number; limit_usd: number };
  }

  test('100 concurrent requests against a nearly spent budget overspend by at most one reservation; alerts at 80% and 100%', async () => {
    const { id, key } = await createKey({
      budget: { usd: 0.1, period: 'day', alert_webhook: receiver.url, alert_webhook_secret: ALERT_SECRET },
    });
    for (let spent = 1; spent <= 3; spent += 1) {
      assert.equal((await send(key)).status, 200);
      await eventually(async () => {
        const status = await budgetStatus(id);
        return status.reserved_usd === 0 && Math.abs(status.spent_usd - 0.03 * spent) < 1e-9;
      });
    }
    const responses = await Promise.all(Array.from({ length: 100 }, () => send(key)));
    const statuses = responses.map((response) => response.status);
    const refused = responses.filter((response) => response.status === 402);
    assert.equal(statuses.filter((status) => status === 200).length, 1, `statuses: ${statuses.join(',')}`);
    assert.equal(refused.length, 99);
    const error = (
      (await (refused[0] as Response).json()) as { error: { type: string; code: string; message: string } }
    ).error;
    assert.equal(error.type, 'budget_exceeded');
    assert.match(error.message, /daily budget of \$0\.1000 is spent/);
    await eventually(async () => (await budgetStatus(id)).reserved_usd === 0);
    const final = await budgetStatus(id);
    assert.ok(final.spent_usd <= final.limit_usd + 0.15, `spent ${final.spent_usd}: over by more than one reservation`);
    await eventually(async () => receiver.alerts.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const thresholds = receiver.alerts.map(
      (alert) => (JSON.parse(alert.body) as { data: { threshold: number } }).data.threshold,
    );
    assert.deepEqual(thresholds.sort(), [0.8, 1], 'each threshold alerted once');
    for (const alert of receiver.alerts) {
      const { 'webhook-id': webhookId, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = alert.headers;
      const expected = createHmac('sha256', ALERT_SECRET)
        .update(`${webhookId}.${timestamp}.${alert.body}`)
        .digest('base64');
      assert.equal(signature, `v1,${expected}`);
    }
  });

  test('an async job reserves before it is queued and settles its real cost when it completes', async () => {
    const { id, key } = await createKey({ budget: { usd: 1, period: 'month' } });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const submitted = await fetch(`${gateway.baseURL}/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        body: { model: 'priced-model', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      }),
    });
    assert.equal(submitted.status, 202);
    const { id: jobId } = (await submitted.json()) as { id: string };
    assert.ok((await budgetStatus(id)).reserved_usd > 0.03, 'the upper bound is held while the job waits');
    const job = (await (await fetch(`${gateway.baseURL}/jobs/${jobId}?wait=10`, { headers })).json()) as {
      status: string;
    };
    assert.equal(job.status, 'succeeded');
    await eventually(async () => {
      const status = await budgetStatus(id);
      return status.reserved_usd === 0 && Math.abs(status.spent_usd - 0.03) < 1e-9;
    });
  });

  test('a job resubmitted with the same Idempotency-Key holds nothing: the first submission’s hold is settled alone', async () => {
    const { id, key } = await createKey({ budget: { usd: 1, period: 'month' } });
    const submit = () =>
      fetch(`${gateway.baseURL}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': 'once' },
        body: JSON.stringify({
          body: { model: 'priced-model', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
        }),
      });
    const first = await submit();
    assert.equal(first.status, 202);
    const { id: jobId } = (await first.json()) as { id: string };
    const job = await fetch(`${gateway.baseURL}/jobs/${jobId}?wait=10`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(((await job.json()) as { status: string }).status, 'succeeded');
    await eventually(async () => (await budgetStatus(id)).reserved_usd === 0);
    const again = await submit();
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { id: string }).id, jobId);
    await eventually(async () => (await budgetStatus(id)).reserved_usd === 0);
  });

  test('a key’s request limit admits exactly its quota under concurrency, with RateLimit headers and 429 + Retry-After', async () => {
    const { key } = await createKey({ rate_limit: '5;w=60' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => send(key)));
    const admitted = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 429);
    assert.equal(admitted.length, 5);
    assert.equal(refused.length, 15);
    assert.equal(admitted[0]?.headers.get('ratelimit-policy'), '"key-request-60s";q=5;w=60;qu="request"');
    assert.match(admitted[0]?.headers.get('ratelimit') ?? '', /^"key-request-60s";r=[0-4];t=\d+$/);
    const first = refused[0] as Response;
    assert.ok(Number(first.headers.get('retry-after')) >= 59);
    assert.match(first.headers.get('ratelimit') ?? '', /r=0;/);
    const body = (await first.json()) as { error: { type: string; code: string } };
    assert.deepEqual([body.error.type, body.error.code], ['rate_limit_exceeded', 'rate_limit_exceeded']);
    await assert.rejects(
      new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 }).chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
      }),
      (error: unknown) => error instanceof OpenAI.RateLimitError,
    );
  });

  test('x-sluice-rate-limit adds a per-user policy; a malformed one is a 400 naming the header', async () => {
    const { key } = await createKey({});
    const policy = { 'x-sluice-rate-limit': '2;w=60;s=user' };
    const alice = [];
    for (let index = 0; index < 3; index += 1)
      alice.push((await send(key, { ...policy, 'x-sluice-user-id': 'alice' })).status);
    assert.deepEqual(alice, [200, 200, 429]);
    assert.equal((await send(key, { ...policy, 'x-sluice-user-id': 'bob' })).status, 200, 'bob has his own window');
    const bad = await send(key, { 'x-sluice-rate-limit': 'lots;w=forever' });
    assert.equal(bad.status, 400);
    const error = ((await bad.json()) as { error: { param: string; message: string } }).error;
    assert.equal(error.param, 'x-sluice-rate-limit');
    assert.match(error.message, /x-sluice-rate-limit\.quota/);
  });

  test('token limits charge an estimate up front and settle to real usage', async () => {
    const { key } = await createKey({ rate_limit: '20;w=60;u=token' });
    const [first, second] = await Promise.all([send(key), send(key)]);
    assert.deepEqual([first?.status, second?.status], [200, 200]);
    const third = await send(key);
    if (third.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal((await send(key)).status, 200, 'once settled, the estimates gave way to the real 3 tokens each');
    }
    await eventually(async () => {
      const response = await send(key);
      return response.status === 200 && /r=\d+/.test(response.headers.get('ratelimit') ?? '');
    });
  });
});
