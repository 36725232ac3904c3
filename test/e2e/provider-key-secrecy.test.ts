import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const PROVIDER_KEY = 'sk-provider-very-secret-key-42';

async function everyRedisValue(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

describe('provider keys reach the upstream and nowhere else', () => {
  let simulator: RunningSimulator;
  let gateway: TestGateway;
  const logLines: string[] = [];
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { latencyMs: 400 } });
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: \${THE_KEY}\n`,
      env: { THE_KEY: PROVIDER_KEY, SLUICE_SYNC_HANDOFF: 'queue' },
      logDestination: { write: (line) => logLines.push(line) },
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    redis.disconnect();
  });

  // Through the queue, so the job's data is in Redis for the scan to search (a handed-off job never is).
  test('not in queued job data, reply streams, events, logs or error bodies', async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const inFlight = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'secret?' }] });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const whileRunning = await everyRedisValue(redis, gateway.prefix);
    assert.ok(whileRunning.includes('secret?'), 'the scan does see the job data');
    assert.ok(!whileRunning.includes(PROVIDER_KEY));
    await inFlight;
    assert.equal(
      simulator.stats().lastHeaders.authorization,
      `Bearer ${PROVIDER_KEY}`,
      'the key did reach the upstream',
    );

    simulator.configure({ latencyMs: 0, requiredApiKey: 'another-key' });
    const rejected = await fetch(`${gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(rejected.status, 401);
    const errorText = await rejected.text();
    assert.ok(!errorText.includes(PROVIDER_KEY), errorText);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterwards = await everyRedisValue(redis, gateway.prefix);
    assert.ok(afterwards.includes('requested_model'), 'completion events were written');
    assert.ok(!afterwards.includes(PROVIDER_KEY));
    const logs = logLines.join('');
    assert.ok(logs.includes('request completed'), `the logger wrote its lines: ${logs.slice(0, 3000)}`);
    assert.ok(!logs.includes(PROVIDER_KEY));
  });
});
