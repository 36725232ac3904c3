import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type RedisClusterFixture, startRedisCluster } from '../helpers/redis-cluster';
import { runGatewayExpectingFailure, spawnGatewayProcess } from '../helpers/spawn-gateway-process';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

/** `npm start`'s entry point (main.ts: the start-up check, then services on threads) with REDIS_CLUSTER_NODES. */
describe('the gateway process on a Redis Cluster', () => {
  let cluster: RedisClusterFixture;
  let alpha: RunningSimulator;

  before(async () => {
    cluster = await startRedisCluster();
    alpha = await startOpenAISimulator();
  });
  after(async () => {
    await alpha?.close();
    await cluster?.stop();
  });

  test('the gateway process, its services on threads, starts on the cluster and drains on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-cluster-process-'));
    const configFile = join(dataDir, 'sluice.yaml');
    writeFileSync(configFile, `providers:\n  openai: { type: openai, base_url: "${alpha.url}", api_key: sk-p }\n`);
    const gatewayProcess = await spawnGatewayProcess(
      {
        REDIS_CLUSTER_NODES: cluster.seeds,
        SLUICE_QUEUE_PREFIX: `p${randomUUID().slice(0, 8)}`,
        SLUICE_DATA_DIR: dataDir,
        SLUICE_CONFIG: configFile,
      },
      { timeoutMs: 90_000 },
    );
    try {
      const answer = await new OpenAI({
        baseURL: `${gatewayProcess.url}/v1`,
        apiKey: 'x',
        maxRetries: 0,
      }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'from a process' }] });
      assert.equal(answer.choices[0]?.message.content, 'Echo: from a process');
      assert.equal((await fetch(`${gatewayProcess.url}/readyz`)).status, 200);
      assert.equal(await gatewayProcess.stop(), 0);
    } finally {
      await gatewayProcess.stop('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a cluster that cannot be reached stops start-up in one line naming REDIS_CLUSTER_NODES', async () => {
    const result = await runGatewayExpectingFailure({ REDIS_CLUSTER_NODES: '127.0.0.1:1,127.0.0.1:2' });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^sluice: cannot reach the Redis Cluster at 127\.0\.0\.1:1,127\.0\.0\.1:2; start it or set REDIS_CLUSTER_NODES\n$/,
    );
    // Most of this is the process starting under tsx; the check itself fails at once.
    assert.ok(result.elapsedMs < 30_000, `took ${result.elapsedMs} ms`);
  });
});
