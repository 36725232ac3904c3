import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { type GatewayProcess, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORDS = Array.from({ length: 300 }, (_, index) => `w${index}`).join(' ');

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A streamed answer read chunk by chunk: its text in arrival order, how many chunks carried text, its request id. */
async function streamed(url: string, model: string): Promise<{ text: string; chunks: number; requestId: string }> {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
  const { data: stream, response } = await client.chat.completions
    .create({ model, stream: true, messages: [{ role: 'user', content: WORDS }] })
    .withResponse();
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta.content;
    if (content) {
      text += content;
      chunks += 1;
    }
  }
  return { text, chunks, requestId: response.headers.get('x-sluice-request-id') ?? '' };
}

/** The request ids that have reply entries in any ingress reply stream of the deployment (keep-alives carry none). */
async function repliedThroughRedis(redis: Redis, prefix: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const key of await redis.keys(`${prefix}:reply:*`)) {
    for (const [, fields] of await redis.xrange(key, '-', '+')) if (fields[1]) ids.add(fields[1]);
  }
  return ids;
}

/**
 * The reply channel inside one process (README, "Reply channel"): a worker of the ingress's own process answers over
 * a MessagePort, a worker of another process through the ingress's Redis stream — both deliver every chunk in order,
 * and a killed worker's requests are still answered by the one that reruns them.
 */
describe('replies inside one process and across processes', () => {
  const prefix = `lr${randomUUID().slice(0, 8)}`;
  const configDirectory = mkdtempSync(join(tmpdir(), 'sluice-local-replies-'));
  const processes: GatewayProcess[] = [];
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let redis: Redis;
  let common: Record<string, string>;
  const spawn = async (env: Record<string, string>) => {
    const child = await spawnGatewayProcess({ ...common, ...env });
    processes.push(child);
    return child;
  };
  const expected = `Echo: ${WORDS}`;

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    redis = new Redis(REDIS_URL);
    const config = join(configDirectory, 'sluice.yaml');
    const account = (name: string) =>
      `  ${name}:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n    timeout_ms: 120000\n`;
    writeFileSync(config, `providers:\n${account('openai')}${account('spare')}`);
    common = { SLUICE_CONFIG: config, DATABASE_URL: database.url };
  });
  after(async () => {
    await Promise.all(processes.map((child) => child.stop('SIGKILL')));
    await simulator.close();
    redis.disconnect();
    await database.drop();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  for (const threads of ['3', '1']) {
    test(`SLUICE_THREADS=${threads}: the process's own worker streams every chunk in order, none through Redis`, async () => {
      const queuePrefix = `${prefix}t${threads}`;
      const gateway = await spawn({ SLUICE_QUEUE_PREFIX: queuePrefix, SLUICE_THREADS: threads });
      try {
        const answers = await Promise.all([1, 2, 3].map(() => streamed(gateway.url ?? '', 'gpt-4o-mini')));
        for (const answer of answers) {
          assert.equal(answer.text, expected);
          assert.ok(answer.chunks > 300, `${answer.chunks} chunks`);
        }
        const throughRedis = await repliedThroughRedis(redis, queuePrefix);
        for (const answer of answers) assert.ok(!throughRedis.has(answer.requestId), 'answered over the port');
      } finally {
        await gateway.stop();
        await deleteKeys(REDIS_URL, queuePrefix);
      }
    });
  }

  test("a worker in another process streams every chunk in order through the ingress's Redis stream", async () => {
    const queuePrefix = `${prefix}x`;
    // The all-in-one process's worker serves only `spare`, the worker process only `openai`.
    const gateway = await spawn({ SLUICE_QUEUE_PREFIX: queuePrefix, SLUICE_WORKER_PROVIDERS: 'spare' });
    const worker = await spawn({
      SLUICE_QUEUE_PREFIX: queuePrefix,
      SLUICE_SERVICES: 'worker',
      SLUICE_WORKER_PROVIDERS: 'openai',
    });
    try {
      const [remote, local] = await Promise.all([
        streamed(gateway.url ?? '', 'openai/gpt-4o-mini'),
        streamed(gateway.url ?? '', 'spare/gpt-4o-mini'),
      ]);
      assert.equal(remote.text, expected);
      assert.equal(local.text, expected);
      const throughRedis = await repliedThroughRedis(redis, queuePrefix);
      assert.ok(throughRedis.has(remote.requestId), "the other process's worker appended to the reply stream");
      assert.ok(!throughRedis.has(local.requestId), "the process's own worker answered over the port");
    } finally {
      await Promise.all([gateway.stop(), worker.stop()]);
      await deleteKeys(REDIS_URL, queuePrefix);
    }
  });

  test("a killed worker's sync requests are rerun by the ingress's own worker and answered within 10 s", async (t) => {
    const queuePrefix = `${prefix}k`;
    const held = 4;
    // The all-in-one process's worker takes one job at a time, so while it holds the blocker the others go elsewhere.
    const gateway = await spawn({ SLUICE_QUEUE_PREFIX: queuePrefix, SLUICE_WORKER_CONCURRENCY: '1' });
    try {
      simulator.configure({ latencyMs: 120_000 });
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'none', maxRetries: 0, timeout: 180_000 });
      const blocker = new AbortController();
      const blocked = client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'blocker' }] }, { signal: blocker.signal })
        .catch(() => 'aborted');
      await waitFor(() => simulator.stats().inFlight === 1, 20_000, 'the blocker to reach the provider');
      const doomed = await spawn({ SLUICE_QUEUE_PREFIX: queuePrefix, SLUICE_SERVICES: 'worker' });
      const answers = Array.from({ length: held }, (_, index) =>
        client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `held ${index}` }],
        }),
      );
      await waitFor(() => simulator.stats().inFlight === held + 1, 20_000, 'every call to reach the provider');
      assert.equal(await doomed.stop('SIGKILL'), null, 'killed, no exit code');
      simulator.configure({ latencyMs: 0 });
      blocker.abort();
      assert.equal(await blocked, 'aborted');
      const killedAt = Date.now();
      const answered = await Promise.all(answers);
      const elapsedMs = Date.now() - killedAt;
      t.diagnostic(`answered ${elapsedMs} ms after the kill`);
      assert.deepEqual(
        answered.map((answer) => answer.choices[0]?.message.content),
        answered.map((_, index) => `Echo: held ${index}`),
      );
      assert.ok(elapsedMs < 10_000, `answered ${elapsedMs} ms after the kill`);
      assert.equal(await repliedThroughRedis(redis, queuePrefix).then((ids) => ids.size), 0, 'all over the port');
    } finally {
      simulator.configure({ latencyMs: 0 });
      await gateway.stop();
      await deleteKeys(REDIS_URL, queuePrefix);
    }
  });
});
