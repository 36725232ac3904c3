import { createHash } from 'node:crypto';
import { UnavailableError } from '@sluice/errors';
import type { RedisClient } from '@sluice/queues';

/** A Lua script run atomically by Redis: sent once, then called by its SHA-1. */
export interface RedisScript {
  source: string;
  sha: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs a script by SHA, loading it on a NOSCRIPT miss. A Redis that cannot be reached is a 503 naming REDIS_URL;
 * an error the script itself raised is a bug and is rethrown as is.
 */
export async function runScript(
  redis: RedisClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    try {
      return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return await redis.eval(script.source, keys.length, ...keys, ...args);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'ReplyError') throw error;
    throw new UnavailableError(
      'Redis is unreachable, so limits and budgets cannot be checked; retry shortly (REDIS_URL)',
      error,
    );
  }
}
