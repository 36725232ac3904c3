import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { Agent, fetch as undiciFetch } from 'undici';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { type GatewayProcess, runGatewayExpectingFailure, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function childPids(pid: number): number[] {
  let output: string;
  try {
    output = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when the process has no children at all
  }
  return output
    .split('\n')
    .filter((line) => line.includes('services/gateway/src/main.ts'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function writeConfig(simulatorUrl: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sluice-cluster-')), 'sluice.yaml');
  writeFileSync(
    path,
    `providers:\n  openai:\n    type: openai\n    base_url: ${simulatorUrl}\n    api_key: sk-cluster-provider\n`,
  );
  return path;
}

describe('SLUICE_INGRESS_PROCESSES=2: two ingress processes share the port, this process runs the rest', () => {
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let gateway: GatewayProcess;
  const prefix = `cl${randomUUID().slice(0, 8)}`;

  before(async () => {
    simulator = await startOpenAISimulator({ knobs: { latencyMs: 5 } });
    database = await createScratchPostgres();
    gateway = await spawnGatewayProcess(
      {
        SLUICE_CONFIG: writeConfig(simulator.url),
        SLUICE_QUEUE_PREFIX: prefix,
        DATABASE_URL: database.url,
        SLUICE_INGRESS_PROCESSES: '2',
      },
      { timeoutMs: 40_000 },
    );
    // The first "sluice started" may be an ingress process's own; the parent says it once every one listens, and an
    // ingress process killed before that fails the start, as it should.
    const parent = gateway.child.pid as number;
    await eventually(() =>
      gateway.stdout.some((line) => line.includes('"sluice started"') && line.includes(`"pid":${parent},`))
        ? true
        : undefined,
    );
  });
  after(async () => {
    await gateway.stop();
    await simulator.close();
    await deleteKeys(REDIS_URL, prefix);
    await database.drop();
  });

  test('both ingress processes answer on the one port, and a dead one is replaced', async () => {
    const parent = gateway.child.pid as number;
    const children = childPids(parent);
    assert.equal(children.length, 2, 'two ingress processes');
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const ask = (content: string) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => ask(`c${index}`)));
    for (const [index, answer] of answers.entries())
      assert.equal(answer.choices[0]?.message.content, `Echo: c${index}`);

    process.kill(children[0] as number, 'SIGKILL');
    const replaced = await eventually(() => {
      const now = childPids(parent);
      return now.length === 2 && !now.includes(children[0] as number) ? now : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the gateway's stderr: ${gateway.stderr.join('').slice(-2000)}`);
    });
    assert.equal(replaced.length, 2);
    // Connections of its own: the first client's pooled sockets to the killed process may not have heard of its death.
    const pool = new Agent();
    const fresh = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'x',
      maxRetries: 0,
      fetch: (url, init) =>
        undiciFetch(String(url), { ...init, dispatcher: pool } as Parameters<typeof undiciFetch>[1]),
    });
    const again = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        fresh.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `d${index}` }] }),
      ),
    );
    assert.equal(again[9]?.choices[0]?.message.content, 'Echo: d9');
    await pool.close();
  });

  test('SIGTERM drains the ingress processes and the rest, and exits 0', async () => {
    simulator.configure({ latencyMs: 1_000 });
    const parent = gateway.child.pid as number;
    const children = childPids(parent);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const pending = client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'drain me' }],
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [answer, code] = await Promise.all([pending, gateway.stop('SIGTERM')]);
    assert.equal(answer.choices[0]?.message.content, 'Echo: drain me');
    assert.equal(code, 0);
    for (const pid of children) assert.throws(() => process.kill(pid, 0), 'every ingress process has exited');
  });
});

describe('SLUICE_INGRESS_PROCESSES without DATABASE_URL', () => {
  test('is refused at start: embedded PGlite cannot be shared between processes', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'sluice-cluster-')), 'sluice.yaml');
    writeFileSync(config, 'providers: {}\n');
    const result = await runGatewayExpectingFailure({
      SLUICE_CONFIG: config,
      SLUICE_INGRESS_PROCESSES: '2',
      DATABASE_URL: '',
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^sluice: .*set DATABASE_URL/);
  });
});
