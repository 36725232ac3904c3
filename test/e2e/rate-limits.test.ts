import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { connectRedis, createQueueCatalog, JOB_PRIORITY, ProviderQueues } from '@sluice/queues';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

async function withGateway(
  knobs: Parameters<typeof startOpenAISimulator>[0],
  providerYaml: string,
  run: (simulator: RunningSimulator, gateway: TestGateway, client: OpenAI) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const simulator = await startOpenAISimulator(knobs);
  const gateway = await startTestGateway({
    configYaml: `providers:\n  openai: { type: openai, base_url: "${simulator.url}", timeout_ms: 10000${providerYaml} }\n`,
    env,
  });
  try {
    await run(simulator, gateway, new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 }));
  } finally {
    await gateway.stop();
    await simulator.close();
  }
}

const ask = (client: OpenAI, content: string) =>
  client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] });

describe('rate-limit-aware workers', () => {
  test('limits.rpm paces calls: counted at the provider, no second exceeds the limit and no call is refused', async () => {
    await withGateway(
      // Paced at 9/s against a provider that takes 10 in any calendar second: the margin absorbs a call the event loop
      // delays across a second's boundary on a busy machine; without pacing, 40 calls at once would draw 429s.
      { knobs: { rateLimitPerSecond: 10, retryAfterS: 1 } },
      ', limits: { rpm: 540 }',
      async (simulator, _gateway, client) => {
        const started = Date.now();
        const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => ask(client, `r${index}`)));
        for (const [index, answer] of answers.entries())
          assert.equal(answer.choices[0]?.message.content, `Echo: r${index}`);
        const stats = simulator.stats();
        assert.equal(stats.rateLimited, 0, 'pacing kept every call inside the provider limit');
        const busiest = Math.max(...Object.values(stats.perSecond));
        assert.ok(busiest <= 10, `busiest second carried ${busiest} calls`);
        assert.ok(Date.now() - started >= 3_000, '40 calls at 9/s take at least 3 s');
      },
    );
  });

  test('a 429 storm with Retry-After pauses the queue and loses no request', async () => {
    await withGateway({ knobs: { rateLimitPerSecond: 8, retryAfterS: 1 } }, '', async (simulator, _gateway, client) => {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => ask(client, `s${index}`)));
      for (const [index, answer] of answers.entries())
        assert.equal(answer.choices[0]?.message.content, `Echo: s${index}`);
      assert.ok(simulator.stats().rateLimited > 0, 'the provider did push back');
    });
  });

  test('a 429 pauses the account in every worker process for its Retry-After, and every job is answered', async () => {
    await withGateway(
      { knobs: { failStatus: 429, failCount: 1, retryAfterS: 2 } },
      '',
      async (simulator, gateway, client) => {
        const other = await startTestGateway({
          configYaml: `providers:\n  openai: { type: openai, base_url: "${simulator.url}", timeout_ms: 10000 }\n`,
          services: ['worker'],
          prefix: gateway.prefix,
        });
        const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
        try {
          const catalog = createQueueCatalog(gateway.prefix);
          const queue = catalog.providerQueue('openai');
          const limiterKey = `${catalog.queuePrefix(queue)}:${queue}:limiter`;
          const refused = ask(client, 'first');
          while ((await redis.pttl(limiterKey)) <= 0) await new Promise((resolve) => setTimeout(resolve, 20));
          // Queued while the account is paused: the other process's worker must leave them there too.
          const queued = Array.from({ length: 6 }, (_, index) => ask(client, `p${index}`));
          const answers = await Promise.all([refused, ...queued]);
          for (const [index, answer] of answers.entries())
            assert.equal(answer.choices[0]?.message.content, index === 0 ? 'Echo: first' : `Echo: p${index - 1}`);
          const [refusedAt = 0, ...later] = simulator.stats().startedAt;
          const early = later.map((startedAt) => startedAt - refusedAt).filter((sinceRefusal) => sinceRefusal < 1_800);
          assert.deepEqual(early, [], 'no call in the first 1.8 s of the 2 s pause');
        } finally {
          redis.disconnect();
          await other.stop();
        }
      },
    );
  });

  test('a job the provider keeps refusing is put back a bounded number of times, then answered 429', async () => {
    await withGateway(
      { knobs: { failStatus: 429, retryAfterS: 1 } },
      '',
      async (simulator, _gateway, client) => {
        await assert.rejects(ask(client, 'never'), (error: unknown) => {
          assert.ok(error instanceof OpenAI.RateLimitError);
          assert.equal(error.headers?.get('x-sluice-attempts'), '3', 'two deferrals, then the final refusal');
          return true;
        });
        assert.equal(simulator.stats().requests, 3);
      },
      { SLUICE_MAX_RATE_LIMIT_DEFERRALS: '2' },
    );
  });

  test('Retry-After: 0 still puts the job back briefly instead of failing it', async () => {
    await withGateway(
      { knobs: { failStatus: 429, failCount: 3, retryAfterS: 0 } },
      '',
      async (simulator, _gateway, client) => {
        const started = Date.now();
        const answer = await ask(client, 'soon');
        assert.equal(answer.choices[0]?.message.content, 'Echo: soon');
        assert.equal(simulator.stats().requests, 4);
        assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
      },
    );
  });

  test('limits.concurrency holds across every worker slot', async () => {
    await withGateway(
      { knobs: { latencyMs: 80 } },
      ', limits: { concurrency: 2 }',
      async (simulator, _gateway, client) => {
        await Promise.all(Array.from({ length: 12 }, (_, index) => ask(client, `c${index}`)));
        assert.equal(simulator.stats().maxInFlight, 2);
      },
    );
  });

  test('interactive requests run before queued batch work on the same limits', async () => {
    await withGateway(
      { knobs: { latencyMs: 60 } },
      ', limits: { concurrency: 1 }',
      async (simulator, gateway, client) => {
        const redis = connectRedis(
          { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: undefined },
          'command',
        );
        const queues = new ProviderQueues(redis, createQueueCatalog(gateway.prefix));
        const now = Date.now();
        const plan = [
          {
            provider: 'openai',
            model: 'm',
            overrideParams: {},
            retry: { attempts: 1, onStatus: [], backoffMs: 0 },
            fallbackOn: [],
            timeoutMs: 5_000,
          },
        ];
        for (let index = 0; index < 30; index += 1) {
          await queues.enqueue(
            {
              requestId: `req_batch${index}`,
              mode: 'batch',
              kind: 'chat',
              stream: false,
              body: { model: 'm', messages: [{ role: 'user', content: `b${index}` }] },
              plan,
              step: 0,
              attempts: [],
              receivedAt: now,
              enqueuedAt: now,
              deadlineAt: now + 60_000,
              context: { requestedModel: 'm', metadata: {}, properties: {}, omitBodies: false },
            },
            JOB_PRIORITY.batch,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
        const started = Date.now();
        await ask(client, 'interactive');
        const waited = Date.now() - started;
        assert.ok(waited < 600, `the sync request waited ${waited} ms behind 30 × 60 ms of batch work`);
        assert.ok(simulator.stats().requests < 20, 'most batch lines were still queued');
        await queues.close();
        redis.disconnect();
      },
    );
  });

  test('a sync request whose 429 wait would pass its deadline falls back instead of waiting', async () => {
    const limited = await startOpenAISimulator({ knobs: { failStatus: 429, retryAfterS: 30 } });
    const spare = await startOpenAISimulator();
    const gateway = await startTestGateway({
      configYaml: `providers:\n  limited: { type: openai, base_url: "${limited.url}" }\n  spare: { type: openai, base_url: "${spare.url}" }\nconfigs:\n  chain: { strategy: fallback, targets: [ { provider: limited }, { provider: spare } ] }\ndefault_config: chain\n`,
      env: { SLUICE_REQUEST_TIMEOUT_MS: '5000' },
    });
    try {
      const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
      const started = Date.now();
      const { response } = await client.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'hurry' }] })
        .withResponse();
      assert.equal(response.headers.get('x-sluice-provider'), 'spare');
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await gateway.stop();
      await limited.close();
      await spare.close();
    }
  });
});
