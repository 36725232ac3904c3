import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

describe('when Redis goes away', () => {
  let redis: PrivateRedis;
  let simulator: RunningSimulator;
  let gateway: TestGateway;

  before(async () => {
    redis = await startPrivateRedis();
    simulator = await startOpenAISimulator();
    gateway = await startTestGateway({
      configYaml: `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n`,
      env: { REDIS_URL: redis.url },
    });
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await redis.kill();
  });

  test('requests get 503 at once instead of hanging, and readyz says unavailable', async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const before = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'up' }] });
    assert.equal(before.choices[0]?.message.content, 'Echo: up');
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await assert.rejects(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'down' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 503);
        assert.equal(error.type, 'unavailable');
        return true;
      },
    );
    assert.ok(Date.now() - started < 2_000, `answered in ${Date.now() - started} ms`);
    const ready = await fetch(`${gateway.url}/readyz`);
    assert.equal(ready.status, 503);
  });

  test('when Redis comes back, requests are served again without a restart', async () => {
    await redis.restart();
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const deadline = Date.now() + 10_000;
    let answer: string | null | undefined;
    while (answer === undefined && Date.now() < deadline) {
      answer = await client.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'back' }] }, { timeout: 3_000 })
        .then(
          (completion) => completion.choices[0]?.message.content,
          () => undefined,
        );
      if (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(answer, 'Echo: back');
  });
});
