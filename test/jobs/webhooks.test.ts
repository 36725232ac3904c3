import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { isBlockedAddress } from '@sluice/jobs';
import { Webhook } from 'standardwebhooks';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

interface Delivery {
  attempt: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  next_attempt_at: number | null;
  webhook_id: string;
}

async function call(
  gateway: TestGateway,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function deliveries(gateway: TestGateway, jobId: string, count: number): Promise<Delivery[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await call(gateway, 'GET', `/v1/jobs/${jobId}/deliveries`);
    const data = body.data as Delivery[];
    if (data.length >= count || Date.now() > deadline) return data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhooks: Standard Webhooks signatures, retries, delivery log (SPEC §4.2)', () => {
  let simulator: RunningSimulator;
  let receiver: WebhookReceiver;
  let database: ScratchPostgres;
  let gateway: TestGateway;

  before(async () => {
    simulator = await startOpenAISimulator();
    receiver = await startWebhookReceiver();
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`,
      env: {
        DATABASE_URL: database.url,
        SLUICE_WEBHOOK_ALLOW_PRIVATE: '1',
        SLUICE_WEBHOOK_BACKOFF_MS: '100',
        SLUICE_WEBHOOK_ATTEMPTS: '4',
      },
    });
  });
  after(async () => {
    await gateway.stop();
    await receiver.close();
    await simulator.close();
    await database.drop();
  });

  test('a settled job is POSTed once, signed over id.timestamp.body with the secret shown at submission', async () => {
    receiver.received.length = 0;
    const submitted = await call(gateway, 'POST', '/v1/jobs', {
      body: chat('hook me'),
      webhook: { url: `${receiver.origin}/hooks/a` },
    });
    const webhook = submitted.body.webhook as { url: string; secret: string };
    assert.match(webhook.secret, /^whsec_/, 'a generated secret is shown once, in the 202');
    const [delivered] = await receiver.waitFor(1);
    assert.ok(delivered);
    assert.equal(delivered.path, '/hooks/a');
    const payload = new Webhook(webhook.secret).verify(delivered.body, delivered.headers as Record<string, string>) as {
      type: string;
      data: {
        id: string;
        status: string;
        result: { choices: { message: { content: string } }[] };
        webhook: { url: string };
      };
    };
    assert.equal(payload.type, 'job.succeeded');
    assert.equal(payload.data.id, submitted.body.id);
    assert.equal(payload.data.result.choices[0]?.message.content, 'Echo: hook me');
    assert.deepEqual(payload.data.webhook, { url: webhook.url }, 'the secret never appears in a payload');
    assert.equal(delivered.headers['webhook-id'], `msg_${submitted.body.id}`);
    assert.match(String(delivered.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    const log = await deliveries(gateway, String(submitted.body.id), 1);
    assert.deepEqual(
      log.map((entry) => [entry.attempt, entry.outcome, entry.status_code]),
      [[1, 'delivered', 200]],
    );
    const job = await call(gateway, 'GET', `/v1/jobs/${submitted.body.id}`);
    assert.equal((job.body.webhook as { secret?: string }).secret, undefined, 'GET never shows the secret');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.length, 1, 'delivered exactly once');
  });

  test('a failing receiver is retried with exponential backoff, the same id and a fresh signature, until it answers 2xx', async () => {
    receiver.received.length = 0;
    receiver.answerWith(500, 503);
    const secret = 'a-shared-plain-secret-for-tests';
    const submitted = await call(gateway, 'POST', '/v1/jobs', {
      body: chat('retry me'),
      webhook: { url: `${receiver.origin}/retry`, secret },
    });
    assert.equal(
      (submitted.body.webhook as { secret?: string }).secret,
      undefined,
      'a secret the client chose is not echoed',
    );
    const tries = await receiver.waitFor(3);
    for (const delivered of tries)
      new Webhook(secret, { format: 'raw' }).verify(delivered.body, delivered.headers as Record<string, string>);
    assert.equal(new Set(tries.map((delivered) => delivered.headers['webhook-id'])).size, 1);
    const [first, second, third] = tries.map((delivered) => delivered.at);
    assert.ok((second ?? 0) - (first ?? 0) >= 90 && (third ?? 0) - (second ?? 0) >= 190, 'waits 100 ms, then 200 ms');
    const log = await deliveries(gateway, String(submitted.body.id), 3);
    assert.deepEqual(
      log.map((entry) => [entry.outcome, entry.status_code]),
      [
        ['retrying', 500],
        ['retrying', 503],
        ['delivered', 200],
      ],
    );
    assert.ok(log[0]?.next_attempt_at !== null);
  });

  test('a failed job sends job.failed; a receiver that never answers 2xx gets every try, then the log says failed', async () => {
    receiver.received.length = 0;
    receiver.answerWith(500, 500, 500, 500);
    simulator.configure({ failStatus: 400, failCount: 1 });
    const submitted = await call(gateway, 'POST', '/v1/jobs', {
      body: chat('doomed'),
      webhook: { url: `${receiver.origin}/fail` },
    });
    const tries = await receiver.waitFor(4);
    assert.equal((JSON.parse(tries[0]?.body ?? '{}') as { type: string }).type, 'job.failed');
    const log = await deliveries(gateway, String(submitted.body.id), 4);
    assert.deepEqual(
      log.map((entry) => entry.outcome),
      ['retrying', 'retrying', 'retrying', 'failed'],
    );
    assert.equal(log[3]?.next_attempt_at, null);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(receiver.received.length, 4, 'no fifth try');
  });
});

describe('webhooks: the SSRF guard without SLUICE_WEBHOOK_ALLOW_PRIVATE', () => {
  let simulator: RunningSimulator;
  let receiver: WebhookReceiver;
  let database: ScratchPostgres;
  let gateway: TestGateway;

  before(async () => {
    simulator = await startOpenAISimulator();
    receiver = await startWebhookReceiver('0.0.0.0');
    database = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`,
      env: { DATABASE_URL: database.url, SLUICE_WEBHOOK_ALLOW_PRIVATE: '0', SLUICE_WEBHOOK_BACKOFF_MS: '100' },
    });
  });
  after(async () => {
    await gateway.stop();
    await receiver.close();
    await simulator.close();
    await database.drop();
  });

  test('private, loopback and link-local addresses named literally are refused at submission', async () => {
    for (const url of [
      `${receiver.origin}/x`,
      'http://[::1]:9/x',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.7/x',
      'http://localhost:9/x',
      'http://[::ffff:127.0.0.1]/x',
    ]) {
      const answer = await call(gateway, 'POST', '/v1/jobs', { body: chat('x'), webhook: { url } });
      assert.equal(answer.status, 400, url);
      assert.equal((answer.body.error as { param: string }).param, 'webhook.url');
    }
  });

  test('a host name that resolves to a loopback address is refused on the address it resolves to, never connected to', async (context) => {
    const name = hostname();
    const resolved = await lookup(name, { all: true }).catch(() => []);
    if (resolved.length === 0 || !resolved.every((entry) => isBlockedAddress(entry.address))) {
      context.skip(`${name} does not resolve to a private address here`);
      return;
    }
    const submitted = await call(gateway, 'POST', '/v1/jobs', {
      body: chat('ssrf'),
      webhook: { url: `http://${name}:${receiver.port}/steal` },
    });
    assert.equal(submitted.status, 202, 'a host name passes the submission check; the guard acts at connect time');
    const log = await deliveries(gateway, String(submitted.body.id), 1);
    assert.equal(log[0]?.outcome, 'refused');
    assert.match(log[0]?.error ?? '', /private, loopback or link-local/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(receiver.received.length, 0, 'the receiver was never reached');
    assert.equal((await deliveries(gateway, String(submitted.body.id), 1)).length, 1, 'a refusal is not retried');
  });
});
