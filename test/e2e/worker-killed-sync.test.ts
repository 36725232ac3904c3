import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { createScratchPostgres, type ScratchPostgres } from '../helpers/scratch-databases';
import { type GatewayProcess, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const IN_FLIGHT = 4;

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * #17: a worker killed with -9 while sync requests wait on it — with the default job lock — has them answered by
 * another worker within 10 s; the provider is called again for each (the duplicate cost README names).
 */
describe('sync requests on a worker killed with -9 (real processes, default job lock)', () => {
  const prefix = `k${randomUUID().slice(0, 8)}`;
  const processes: GatewayProcess[] = [];
  const configDirectory = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  let simulator: RunningSimulator;
  let database: ScratchPostgres;
  let common: Record<string, string>;
  const spawn = async (services: string) => {
    const child = await spawnGatewayProcess({ ...common, SLUICE_SERVICES: services });
    processes.push(child);
    return child;
  };

  before(async () => {
    simulator = await startOpenAISimulator();
    database = await createScratchPostgres();
    const config = join(configDirectory, 'sluice.yaml');
    writeFileSync(
      config,
      `providers:\n  openai:\n    type: openai\n    base_url: ${simulator.url}\n    api_key: sk-x\n    timeout_ms: 120000\n`,
    );
    common = { SLUICE_CONFIG: config, SLUICE_QUEUE_PREFIX: prefix, DATABASE_URL: database.url };
  });
  after(async () => {
    await Promise.all(
      processes
        .filter((child) => child.child.exitCode === null && child.child.signalCode === null)
        .map((child) => child.stop('SIGKILL')),
    );
    await simulator.close();
    await deleteKeys(REDIS_URL, prefix);
    await database.drop();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  test('every waiting client is answered by another worker within 10 s of the kill', async (t) => {
    const [ingress, doomed] = await Promise.all([spawn('ingress'), spawn('worker')]);
    simulator.configure({ latencyMs: 120_000 });
    const client = new OpenAI({ baseURL: `${ingress.url}/v1`, apiKey: 'none', maxRetries: 0, timeout: 180_000 });
    const answers = Array.from({ length: IN_FLIGHT }, (_, index) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `held ${index}` }] }),
    );
    await waitFor(() => simulator.stats().inFlight === IN_FLIGHT, 20_000, 'every call to reach the provider');
    await spawn('worker');
    assert.equal(await doomed.stop('SIGKILL'), null, 'killed, no exit code');
    simulator.configure({ latencyMs: 0 });
    const killedAt = Date.now();
    const answered = await Promise.all(answers);
    const elapsedMs = Date.now() - killedAt;
    assert.deepEqual(
      answered.map((answer) => answer.choices[0]?.message.content),
      answered.map((_, index) => `Echo: held ${index}`),
    );
    t.diagnostic(`answered ${elapsedMs} ms after the kill`);
    assert.ok(elapsedMs < 10_000, `answered ${elapsedMs} ms after the kill`);
    assert.equal(simulator.stats().requests, 2 * IN_FLIGHT, 'each call was made again by the other worker');
  });
});
