import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { type GatewayProcess, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { deleteKeys } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the bundled gateway, as `npm start` runs it (dist/gateway/main.js)', () => {
  const outdir = join(REPOSITORY, 'dist', `test-${randomUUID().slice(0, 8)}`);
  const prefix = `bu${randomUUID().slice(0, 8)}`;
  let simulator: RunningSimulator;
  let gateway: GatewayProcess;

  before(async () => {
    execFileSync(process.execPath, [join(REPOSITORY, 'scripts/bundle-gateway.mjs'), outdir], { cwd: REPOSITORY });
    simulator = await startOpenAISimulator({ knobs: { latencyMs: 5 } });
    const directory = mkdtempSync(join(tmpdir(), 'sluice-bundle-'));
    const config = join(directory, 'sluice.yaml');
    writeFileSync(
      config,
      [
        'providers:',
        `  openai: { type: openai, base_url: "${simulator.url}", api_key: sk-bundle-provider }`,
        'configs:',
        '  default:',
        '    targets: [ { provider: openai, model: gpt-4o-mini } ]',
        '    cache: { mode: semantic, ttl_s: 600, threshold: 0.95 }',
        'default_config: default',
      ].join('\n'),
    );
    gateway = await spawnGatewayProcess(
      {
        SLUICE_CONFIG: config,
        SLUICE_QUEUE_PREFIX: prefix,
        SLUICE_DATA_DIR: join(directory, 'data'),
        DATABASE_URL: '',
      },
      { entry: join(outdir, 'main.js'), timeoutMs: 60_000 },
    );
  });
  after(async () => {
    await gateway?.stop();
    await simulator?.close();
    await deleteKeys(REDIS_URL, prefix);
    rmSync(outdir, { recursive: true, force: true });
  });

  test('answers through its worker thread, caches semantically through its embedder thread, logs through PGlite', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const ask = (content: string) =>
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }).withResponse();
    const first = await ask('How do I reset my password?');
    assert.equal(first.data.choices[0]?.message.content, 'Echo: How do I reset my password?');
    const deadline = Date.now() + 30_000;
    let cache: string | null = null;
    while (cache !== 'hit-semantic' && Date.now() < deadline) {
      cache = (await ask('How can I reset my password?')).response.headers.get('x-sluice-cache');
      if (cache !== 'hit-semantic') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(cache, 'hit-semantic');
    const logs = (await (await fetch(`${gateway.url}/v1/logs?limit=5`)).json()) as { data: { status: string }[] };
    assert.ok(
      logs.data.some((row) => row.status === 'success'),
      'the success is in the request log',
    );
  });

  test('serves the dashboard and its vendored libraries', async () => {
    const paths = ['/', '/dashboard/app.js', '/dashboard/vendor/preact.js', '/dashboard/vendor/uplot.css'];
    for (const path of [...paths, '/dashboard/vendor/yaml/index.js', '/dashboard/vendor/yaml/dist/index.js']) {
      const response = await fetch(`${gateway.url}${path}`);
      assert.equal(response.status, 200, path);
    }
  });
});
