import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { type GatewayProcess, runGatewayExpectingFailure, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

function writeConfig(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-config-')), 'sluice.yaml');
  writeFileSync(path, text);
  return path;
}

describe('separate ingress and worker processes on one Redis', () => {
  let simulator: RunningSimulator;
  const prefix = `p${randomUUID().slice(0, 8)}`;
  const processes: GatewayProcess[] = [];
  let database: ScratchPostgres;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { latencyMs: 5 } });
    database = await createScratchPostgres();
    const config = writeConfig(
      `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n`,
    );
    const common = {
      SLUICE_CONFIG: config,
      SLUICE_QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'debug',
      DATABASE_URL: database.url,
      // A worker takes at most 8 jobs at once, so 120 requests in flight must spread over both worker processes:
      // with the default 256, whichever worker fetched first could take them all.
      SLUICE_WORKER_CONCURRENCY: '8',
    };
    processes.push(
      ...(await Promise.all([
        spawnGatewayProcess({ ...common, SLUICE_SERVICES: 'worker' }),
        spawnGatewayProcess({ ...common, SLUICE_SERVICES: 'worker' }),
        spawnGatewayProcess({ ...common, SLUICE_SERVICES: 'ingress' }),
        spawnGatewayProcess({ ...common, SLUICE_SERVICES: 'ingress,logger' }),
      ])),
    );
  });
  after(async () => {
    await Promise.all(processes.map((gateway) => gateway.stop()));
    await simulator.close();
    await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    await database.drop();
  });

  test('both ingresses answer every request, served by both workers', async () => {
    const ingresses = processes.filter((gateway) => gateway.url !== undefined);
    assert.equal(ingresses.length, 2);
    const clients = ingresses.map(
      (gateway) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 }),
    );
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        (clients[index % 2] as OpenAI).chat.completions.create({
          model: 'm',
          messages: [{ role: 'user', content: `n${index}` }],
        }),
      ),
    );
    for (const [index, answer] of answers.entries())
      assert.equal(answer.choices[0]?.message.content, `Echo: n${index}`);
    const workers = processes.filter((gateway) => gateway.url === undefined);
    for (const worker of workers) {
      const served = worker.stdout.filter((line) => line.includes('"provider job finished"')).length;
      assert.ok(served > 0, 'each worker process served some of the jobs');
    }
  });

  test('SIGTERM drains: an in-flight request still completes, then every process exits 0', async () => {
    simulator.configure({ latencyMs: 1500 });
    const ingress = processes.find((gateway) => gateway.url !== undefined) as GatewayProcess;
    const client = new OpenAI({ baseURL: `${ingress.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const pending = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'drain me' }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(simulator.stats().inFlight, 1, 'the call is upstream when the signal arrives');
    const [answer, ...codes] = await Promise.all([pending, ...processes.map((gateway) => gateway.stop('SIGTERM'))]);
    assert.equal(answer.choices[0]?.message.content, 'Echo: drain me');
    assert.deepEqual(codes, [0, 0, 0, 0]);
  });
});

describe('start-up failures are one line and fast', () => {
  test('a bad config stops start-up naming each problem path', async () => {
    const config = writeConfig(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: sluice.yaml's own ${ENV} syntax
      'providers:\n  openai:\n    type: openia\n    api_key: ${NOT_SET_ANYWHERE}\nconfigs:\n  d:\n    targets: [{ provider: ghost }]\n',
    );
    const result = await runGatewayExpectingFailure({ SLUICE_CONFIG: config });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /^sluice: invalid config .*providers\.openai\.api_key: environment variable NOT_SET_ANYWHERE is not set/,
    );
  });

  test('a config with a wrong type and a dangling reference names both paths', async () => {
    const config = writeConfig(
      'providers:\n  openai:\n    type: openia\nconfigs:\n  d:\n    targets: [{ provider: ghost }]\n',
    );
    const result = await runGatewayExpectingFailure({ SLUICE_CONFIG: config });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /providers\.openai\.type/);
  });

  test('split services without DATABASE_URL are told to set it', async () => {
    const result = await runGatewayExpectingFailure({
      SLUICE_SERVICES: 'ingress',
      SLUICE_CONFIG: writeConfig('providers: {}\n'),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^sluice: .*set DATABASE_URL/);
  });

  test('an unreachable Redis is named with the variable to set, without hanging', async () => {
    const result = await runGatewayExpectingFailure({
      REDIS_URL: 'redis://127.0.0.1:1',
      SLUICE_CONFIG: writeConfig('providers: {}\n'),
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^sluice: cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*set REDIS_URL\n$/);
    assert.ok(result.elapsedMs < 10_000, `took ${result.elapsedMs} ms`);
  });
});
