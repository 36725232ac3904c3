import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { parseConfigText, parseEnv } from '@sluice/config';
import { startServices } from '@sluice/gateway';
import { createLogger } from '@sluice/observability';
import { HandoffRunSchema, HandoffSlots } from '@sluice/queues';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { CompletionEventProbe } from '../helpers/completion-events';
import { createScratchPostgres } from '../helpers/scratch-databases';
import { deleteKeys, startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const account = (name: string, simulator: RunningSimulator, extra = '') =>
  `  ${name}: { type: openai, base_url: "${simulator.url}", timeout_ms: 10000${extra} }\n`;

const ask = (client: OpenAI, content: string, model = 'm') =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content }] });

/**
 * The sync hand-off (docs/sync-handoff.md): a sync job goes from the ingress straight to the worker of its process
 * when that worker has a free slot for the job's account, and through BullMQ otherwise.
 */
describe('sync hand-off to the worker of the same process', () => {
  let redis: Redis;
  let simulator: RunningSimulator;
  const running: TestGateway[] = [];

  /** How many jobs were ever added to an account's BullMQ queue (BullMQ numbers them from its `id` counter). */
  const queuedJobs = async (gateway: TestGateway, provider = 'openai') =>
    Number((await redis.get(`${gateway.prefix}:provider-${provider}:id`)) ?? 0);

  const start = async (providersYaml: string, env: Record<string, string> = {}) => {
    const gateway = await startTestGateway({ configYaml: `providers:\n${providersYaml}`, env });
    running.push(gateway);
    return { gateway, client: new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 }) };
  };

  before(async () => {
    redis = new Redis(REDIS_URL);
    simulator = await startOpenAISimulator();
  });

  after(async () => {
    for (const gateway of running) await gateway.stop();
    await simulator.close();
    redis.disconnect();
  });

  test('a free slot: the job is handed off, no BullMQ job is created, the log event is a sync one', async () => {
    const { gateway, client } = await start(account('openai', simulator));
    const { data, response } = await client.chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'direct' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'Echo: direct');
    assert.equal(await queuedJobs(gateway), 0);
    const probe = new CompletionEventProbe(gateway.prefix);
    try {
      const { event } = await probe.waitForEvent(response.headers.get('x-sluice-request-id') ?? '');
      assert.equal(event.mode, 'sync');
      assert.equal(event.job_id, null);
      assert.equal(event.status, 'success');
    } finally {
      await probe.close();
    }
  });

  test('SLUICE_SYNC_HANDOFF=queue: every job goes through BullMQ', async () => {
    const { gateway, client } = await start(account('openai', simulator), { SLUICE_SYNC_HANDOFF: 'queue' });
    assert.equal((await ask(client, 'queued')).choices[0]?.message.content, 'Echo: queued');
    assert.equal(await queuedJobs(gateway), 1);
  });

  test('an account with a global concurrency limit: its jobs go through BullMQ', async () => {
    const { gateway, client } = await start(account('openai', simulator, ', limits: { concurrency: 8 }'));
    assert.equal((await ask(client, 'limited')).choices[0]?.message.content, 'Echo: limited');
    assert.equal(await queuedJobs(gateway), 1);
  });

  test('slots full: the jobs beyond them go through BullMQ, and every one is answered', async () => {
    const slow = await startOpenAISimulator({ knobs: { latencyMs: 300 } });
    try {
      // Concurrency 3: two slots for hand-offs, one kept for the queue.
      const { gateway, client } = await start(account('openai', slow), { SLUICE_WORKER_CONCURRENCY: '3' });
      const answers = await Promise.all(Array.from({ length: 6 }, (_, index) => ask(client, `full ${index}`)));
      for (const [index, answer] of answers.entries())
        assert.equal(answer.choices[0]?.message.content, `Echo: full ${index}`);
      assert.equal(await queuedJobs(gateway), 4);
      assert.ok(slow.stats().maxInFlight <= 3, `at most the worker's concurrency at once: ${slow.stats().maxInFlight}`);
    } finally {
      await slow.close();
    }
  });

  test('a provider 429 on a handed-off job: it is put in the queue, answered, and the account paused', async () => {
    const limited = await startOpenAISimulator({ knobs: { failStatus: 429, failCount: 1, retryAfterS: 1 } });
    try {
      const { gateway, client } = await start(account('openai', limited));
      const started = Date.now();
      const first = ask(client, 'pushed back');
      while ((await queuedJobs(gateway)) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const during = ask(client, 'during the pause');
      assert.equal((await first).choices[0]?.message.content, 'Echo: pushed back');
      assert.ok(Date.now() - started >= 900, 'answered after the Retry-After pause');
      assert.equal((await during).choices[0]?.message.content, 'Echo: during the pause');
      assert.equal(await queuedJobs(gateway), 2, 'the request sent during the pause went through the queue');
      assert.equal(limited.stats().requests, 3);
    } finally {
      await limited.close();
    }
  });

  test('a fallback from a handed-off job goes to the next target through its queue', async () => {
    const failing = await startOpenAISimulator({ knobs: { failStatus: 500 } });
    try {
      const { gateway, client } = await start(
        `${account('primary', failing)}${account('backup', simulator)}` +
          'configs:\n  chain:\n    strategy: fallback\n    retry: { attempts: 1 }\n    targets:\n' +
          '      - { provider: primary, model: m }\n      - { provider: backup, model: m }\ndefault_config: chain\n',
      );
      assert.equal((await ask(client, 'fell back')).choices[0]?.message.content, 'Echo: fell back');
      assert.equal(await queuedJobs(gateway, 'primary'), 0, 'the first target was handed off');
      assert.equal(await queuedJobs(gateway, 'backup'), 1, 'the next target was queued');
    } finally {
      await failing.close();
    }
  });

  test('SIGTERM drain: a handed-off job in flight is answered before the gateway stops', async () => {
    const slow = await startOpenAISimulator({ knobs: { latencyMs: 700 } });
    try {
      const gateway = await startTestGateway({ configYaml: `providers:\n${account('openai', slow)}` });
      const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
      const answer = ask(client, 'draining');
      while (slow.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const stopped = gateway.stop();
      assert.equal((await answer).choices[0]?.message.content, 'Echo: draining');
      await stopped;
    } finally {
      await slow.close();
    }
  });
});

/**
 * The worker's end dies with a job handed off (its thread stopped): the ingress puts every job in flight in BullMQ,
 * where a worker of another process answers it.
 */
test('a dead worker end: the handed-off job is queued and answered by another worker', async () => {
  const simulator = await startOpenAISimulator();
  const prefix = `ho${randomUUID().slice(0, 10).replaceAll('-', '')}`;
  const database = await createScratchPostgres('sluice_handoff');
  const rawEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    PORT: '0',
    SLUICE_QUEUE_PREFIX: prefix,
    SLUICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'sluice-handoff-')),
    SLUICE_DRAIN_TIMEOUT_MS: '2000',
  };
  const config = parseConfigText(`providers:\n${account('openai', simulator)}`, rawEnv, 'test config');
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const channel = new MessageChannel();
  const slots = new HandoffSlots(['openai']);
  slots.setOpen('openai', true, 4);
  let received = 0;
  channel.port2.on('message', (data: unknown) => {
    if (!HandoffRunSchema.safeParse(data).success) return;
    received += 1;
    channel.port2.close();
  });
  const ingress = await startServices(parseEnv({ ...rawEnv, SLUICE_SERVICES: 'ingress' }), config, logger, {
    localHandoff: { port: channel.port1, memory: slots.memory, providers: ['openai'] },
  });
  const worker = await startServices(parseEnv({ ...rawEnv, SLUICE_SERVICES: 'worker' }), config, logger);
  try {
    const client = new OpenAI({ baseURL: `${ingress.url}/v1`, apiKey: 'x', maxRetries: 0 });
    assert.equal((await ask(client, 'rescued')).choices[0]?.message.content, 'Echo: rescued');
    assert.equal(received, 1, 'the job was handed off first');
    assert.equal(simulator.stats().requests, 1);
  } finally {
    await ingress.stop();
    await worker.stop();
    await deleteKeys(REDIS_URL, prefix);
    await database.drop();
    await simulator.close();
  }
});
