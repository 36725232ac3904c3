import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

describe('the token budget through a provider 429', () => {
  let simulator: RunningSimulator;
  let postgres: ScratchPostgres;
  let gateway: TestGateway;
  let redis: Redis;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { failStatus: 429, failCount: 1, retryAfterS: 1 } });
    postgres = await createScratchPostgres();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai: { type: openai, base_url: "${simulator.url}", limits: { tpm: 1000000 } }\n`,
      env: { DATABASE_URL: postgres.url },
    });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  after(async () => {
    redis.disconnect();
    await gateway.stop();
    await postgres.drop();
    await simulator.close();
  });

  test("a deferred call's estimate is released: the window counts only what the answer used", async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'm',
      max_tokens: 500,
      messages: [{ role: 'user', content: 'count me' }],
    });
    assert.equal(simulator.stats().requests, 2, 'one 429, put back, then the answer');
    // The worker settles the window just after it delivers the answer, so the client may read it a moment earlier.
    const counted = async () => {
      const keys = await redis.keys(`${gateway.prefix}:limits:tpm:openai:*`);
      const values = await Promise.all(keys.map((key) => redis.get(key)));
      return values.reduce((sum, value) => sum + Number(value), 0);
    };
    const deadline = Date.now() + 5_000;
    let last = await counted();
    while (last !== answer.usage?.total_tokens && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      last = await counted();
    }
    assert.equal(last, answer.usage?.total_tokens);
  });
});
