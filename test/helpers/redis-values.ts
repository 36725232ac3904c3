import type { Redis } from 'ioredis';

/** Every value stored under a key prefix, whatever the key's type, as one text to search. */
export async function everyRedisValue(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) parts.push(key, await readValue(redis, key));
  } while (cursor !== '0');
  return parts.join('\n');
}

async function readValue(redis: Redis, key: string): Promise<string> {
  const kind = await redis.type(key);
  if (kind === 'string') return String(await redis.get(key));
  if (kind === 'hash') return JSON.stringify(await redis.hgetall(key));
  if (kind === 'list') return JSON.stringify(await redis.lrange(key, 0, -1));
  if (kind === 'zset') return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
  if (kind === 'set') return JSON.stringify(await redis.smembers(key));
  if (kind === 'stream') return JSON.stringify(await redis.xrange(key, '-', '+'));
  return '';
}
