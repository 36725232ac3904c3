import { UnavailableError } from '@sluice/errors';
import { Redis } from 'ioredis';

/**
 * `command`: fails fast when Redis is down, so a request gets 503 at once instead of hanging.
 * `blocking`: for BullMQ workers and blocking reads, which must wait through reconnects.
 */
export type RedisRole = 'command' | 'blocking';

export function connectRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: role === 'blocking' ? null : 1,
    enableOfflineQueue: role === 'blocking',
    enableAutoPipelining: role === 'command',
    connectTimeout: 3_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  // Connection errors surface as failed commands (503s) and reconnects; they must not crash the process.
  redis.on('error', () => undefined);
  return redis;
}

/** Connects and pings, or throws UnavailableError naming REDIS_URL: start-up never hangs on a missing Redis. */
export async function ensureRedisReachable(redis: Redis, url: string): Promise<void> {
  try {
    if (redis.status === 'wait') await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new UnavailableError(`cannot reach Redis at ${redactUrl(url)}; start it or set REDIS_URL`, error);
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
