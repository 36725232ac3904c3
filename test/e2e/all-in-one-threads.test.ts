import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type GatewayProcess, runGatewayExpectingFailure, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function waitForLogRow(url: string, requestId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/v1/logs/${requestId}`);
    if (response.status === 200) return (await response.json()) as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no log row for ${requestId}`);
}

for (const threads of ['3', '2', '1']) {
  describe(`the all-in-one process on embedded PGlite with SLUICE_THREADS=${threads}`, () => {
    let simulator: RunningSimulator;
    let gateway: GatewayProcess;
    const prefix = `th${randomUUID().slice(0, 8)}`;

    before(async () => {
      simulator = await startOpenAISimulator({ knobs: { latencyMs: 5 } });
      const directory = mkdtempSync(join(tmpdir(), 'sluice-threads-'));
      const config = join(directory, 'sluice.yaml');
      writeFileSync(
        config,
        `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-threads-provider\n`,
      );
      gateway = await spawnGatewayProcess({
        SLUICE_CONFIG: config,
        SLUICE_QUEUE_PREFIX: prefix,
        SLUICE_DATA_DIR: join(directory, 'data'),
        SLUICE_THREADS: threads,
        DATABASE_URL: '',
      });
    });
    after(async () => {
      await gateway.stop();
      await simulator.close();
      await deleteKeys(REDIS_URL, prefix);
    });

    test('answers through the queue and logs to PGlite, which the ingress reads', async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const { data, response } = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'threads' }] })
        .withResponse();
      assert.equal(data.choices[0]?.message.content, 'Echo: threads');
      const requestId = response.headers.get('x-sluice-request-id') ?? '';
      const row = await waitForLogRow(gateway.url ?? '', requestId);
      assert.equal(row.status, 'success');
      assert.equal(row.provider, 'openai');
      const ready = await fetch(`${gateway.url}/readyz`);
      assert.deepEqual(await ready.json(), { status: 'ready', checks: { redis: true, database: true } });
    });

    test('SIGTERM drains: an in-flight call completes, then the process exits 0', async () => {
      simulator.configure({ latencyMs: 1_000 });
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const pending = client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'drain me' }],
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(simulator.stats().inFlight, 1, 'the call is upstream when the signal arrives');
      const [answer, code] = await Promise.all([pending, gateway.stop('SIGTERM')]);
      assert.equal(answer.choices[0]?.message.content, 'Echo: drain me');
      assert.equal(code, 0);
    });
  });
}

describe('a services thread that cannot start', () => {
  test('stops start-up with its one-line reason and a non-zero exit', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sluice-threads-'));
    const blocker = join(directory, 'not-a-directory');
    writeFileSync(blocker, 'a file where the data directory should be');
    const config = join(directory, 'sluice.yaml');
    writeFileSync(config, 'providers: {}\n');
    const result = await runGatewayExpectingFailure({
      SLUICE_CONFIG: config,
      SLUICE_DATA_DIR: blocker,
      SLUICE_THREADS: '2',
      DATABASE_URL: '',
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^sluice: Cannot open the embedded PGlite database/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
