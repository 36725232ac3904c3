import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { eventually } from '../helpers/admin-client';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const IN_FLIGHT = 16;
const REFUSED = 40;

describe('a Redis restart (append-only file) under in-flight sync requests', () => {
  let redis: PrivateRedis;
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  let postgres: ScratchPostgres;

  before(async () => {
    redis = await startPrivateRedis({ appendonly: true });
    postgres = await createScratchPostgres();
    simulator = await startOpenAISimulator({ knobs: { latencyMs: 1_500 } });
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n`,
      env: { REDIS_URL: redis.url, DATABASE_URL: postgres.url, SLUICE_REQUEST_TIMEOUT_MS: '30000' },
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await redis.dispose();
    await postgres.drop();
  });

  test('every request is answered with its own content, and the provider is called once per request', async () => {
    const answers = Array.from({ length: IN_FLIGHT }, (_, index) => chat(gateway, `restart ${index}`));
    await waitFor(() => simulator.stats().inFlight === IN_FLIGHT, 10_000, 'every request reached the provider');
    await redis.kill();
    await waitFor(() => simulator.stats().inFlight === 0, 10_000, 'the provider answered every request');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.restart();
    const results = await Promise.all(answers);
    assert.deepEqual(
      results.map((result) => result.status),
      Array.from({ length: IN_FLIGHT }, () => 200),
    );
    assert.deepEqual(
      results.map((result) => result.content),
      Array.from({ length: IN_FLIGHT }, (_, index) => `Echo: restart ${index}`),
    );
    assert.equal(simulator.stats().requests, IN_FLIGHT);
    await eventually(async () => (await count("status = 'success'")) === IN_FLIGHT, 15_000);
  });

  test('requests refused while Redis is down are in the request log once it is back', async () => {
    await redis.kill();
    const refused = await Promise.all(Array.from({ length: REFUSED }, (_, index) => chat(gateway, `down ${index}`)));
    assert.deepEqual(
      refused.map((result) => result.status),
      Array.from({ length: REFUSED }, () => 503),
    );
    await redis.restart();
    await eventually(async () => (await count('http_status = 503')) === REFUSED, 15_000);
  });

  async function count(where: string): Promise<number> {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_logs WHERE ${where}`);
      return result.rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  }
});

async function chat(gateway: TestGateway, text: string): Promise<{ status: number; content: unknown }> {
  const response = await fetch(`${gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: text }] }),
  });
  const body = (await response.json()) as { choices?: { message: { content: unknown } }[]; error?: unknown };
  return { status: response.status, content: body.choices?.[0]?.message.content ?? body.error };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
