import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { connectRedis, ensureNoEviction, ensureRedisReachable } from '@sluice/queues';
import { Redis } from 'ioredis';
import { type PrivateRedis, startPrivateRedis } from '../helpers/private-redis';
import { spawnGatewayProcess } from '../helpers/spawn-gateway-process';

/** Runs the start-up check against a Redis (as `url`'s user); resolves with the warnings it gave. */
async function check(redis: PrivateRedis, url = redis.url): Promise<string[]> {
  const target = { REDIS_URL: url, REDIS_CLUSTER_NODES: undefined };
  const connection = connectRedis(target, 'command');
  await ensureRedisReachable(connection, target);
  const warnings: string[] = [];
  try {
    await ensureNoEviction(connection, (message) => warnings.push(message));
  } finally {
    connection.disconnect();
  }
  return warnings;
}

describe("Redis's maxmemory-policy at start", () => {
  const servers: PrivateRedis[] = [];
  const start = async (args: string[]) => {
    const redis = await startPrivateRedis({ args });
    servers.push(redis);
    return redis;
  };
  after(async () => {
    for (const redis of servers) await redis.dispose();
  });

  test('a Redis that may evict keys stops the gateway in one line naming noeviction', async () => {
    const redis = await start(['--maxmemory-policy', 'allkeys-lru']);
    await assert.rejects(
      spawnGatewayProcess({ REDIS_URL: redis.url, SLUICE_SERVICES: 'worker' }, { timeoutMs: 60_000 }),
      (error: Error) => {
        const lines = error.message
          .replace(/^gateway exited with 1: /, '')
          .trim()
          .split('\n');
        assert.equal(lines.length, 1, error.message);
        assert.match(
          lines[0] ?? '',
          /^sluice: Redis has maxmemory-policy allkeys-lru.*set maxmemory-policy noeviction/,
        );
        return true;
      },
    );
  });

  test('noeviction passes without a word', async () => {
    const redis = await start([]);
    assert.deepEqual(await check(redis), []);
  });

  test('where CONFIG is disabled (managed Redis) the policy is read from INFO, and still refused', async () => {
    const redis = await start(['--maxmemory-policy', 'volatile-lru', '--rename-command', 'CONFIG', '']);
    await assert.rejects(check(redis), /maxmemory-policy volatile-lru.*noeviction/);
  });

  test('a Redis that tells neither is only warned about', async () => {
    const redis = await start(['--maxmemory-policy', 'allkeys-lru']);
    const admin = new Redis(redis.url);
    await admin.acl('SETUSER', 'sluice', 'on', '>pw', '~*', '&*', '+@all', '-config', '-info');
    admin.disconnect();
    const warnings = await check(redis, redis.url.replace('redis://', 'redis://sluice:pw@'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /maxmemory-policy.*noeviction/);
  });
});
