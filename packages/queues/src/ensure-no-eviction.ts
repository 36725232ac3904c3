import { SluiceError } from '@sluice/errors';
import type { RedisClient } from './redis-client';

/** The only policy under which Redis never drops a key to make room: queues, replies and limits must not vanish. */
const REQUIRED_POLICY = 'noeviction';

/**
 * Redis's `maxmemory-policy`, read with CONFIG GET, or from INFO where CONFIG is disabled (managed Redis);
 * undefined when Redis answers neither.
 */
export async function readEvictionPolicy(redis: RedisClient): Promise<string | undefined> {
  const configured = await redis.config('GET', 'maxmemory-policy').then(
    (reply) => (Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined),
    () => undefined,
  );
  if (configured !== undefined) return configured;
  const info = await redis.info('memory').catch(() => '');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/**
 * Refuses a Redis that may evict keys, in one line naming the setting to use; a Redis that will not tell its policy
 * is only warned about (docs/failures-and-retries.md).
 */
export async function ensureNoEviction(redis: RedisClient, warn: (message: string) => void): Promise<void> {
  const policy = await readEvictionPolicy(redis);
  if (policy === undefined) {
    warn(
      `could not read Redis's maxmemory-policy (CONFIG and INFO are disabled); make sure it is ${REQUIRED_POLICY}, or Redis may evict Sluice's queues and replies`,
    );
    return;
  }
  if (policy === REQUIRED_POLICY) return;
  throw new SluiceError({
    message: `Redis has maxmemory-policy ${policy}, so it may evict Sluice's queues and replies; set maxmemory-policy ${REQUIRED_POLICY} (redis.conf, or CONFIG SET maxmemory-policy ${REQUIRED_POLICY})`,
    code: 'redis_may_evict',
    status: 500,
    type: 'api_error',
  });
}
