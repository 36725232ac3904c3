import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ConsumedEntriesTrimmer } from './consumed-entries-trimmer';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('consumed entries trimmer', () => {
  let redis: Redis;
  let stream: string;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL);
    stream = `eventtrim-${randomUUID().slice(0, 12)}:events`;
    for (const group of ['logger', 'cache']) await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  });
  afterEach(async () => {
    await redis.del(stream);
    redis.disconnect();
  });

  function trimmer(groups = ['logger', 'cache']): ConsumedEntriesTrimmer {
    return new ConsumedEntriesTrimmer({ redis, stream, groups, onError: assert.fail });
  }

  /** Entries larger than a stream node's 4 KB (stream-node-max-bytes), one per node as events with bodies are. */
  async function publish(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1)
      ids.push(String(await redis.xadd(stream, '*', 'e', `event ${index}`, 'b', 'x'.repeat(5_000))));
    return ids;
  }

  /** Reads `count` new entries as `group`, acknowledging them unless told not to; their ids. */
  async function consume(group: string, count: number, acknowledge = true): Promise<string[]> {
    const result = (await redis.xreadgroup('GROUP', group, 'c1', 'COUNT', count, 'STREAMS', stream, '>')) as
      | [string, [string, string[]][]][]
      | null;
    const ids = (result?.[0]?.[1] ?? []).map(([id]) => id);
    if (acknowledge && ids.length > 0) await redis.xack(stream, group, ...ids);
    return ids;
  }

  async function remainingIds(): Promise<string[]> {
    return (await redis.xrange(stream, '-', '+')).map(([id]) => id);
  }

  test('keeps every entry a lagging group has not read yet', async () => {
    const ids = await publish(10);
    await consume('logger', 10);
    await consume('cache', 4);
    assert.equal(await trimmer().trim(), 4);
    assert.deepEqual(await remainingIds(), ids.slice(4));
  });

  test('removes every entry once all groups have acknowledged it', async () => {
    await publish(10);
    await consume('logger', 10);
    await consume('cache', 10);
    await trimmer().trim();
    assert.equal(await redis.xlen(stream), 0);
  });

  test('keeps entries delivered to a group but not acknowledged', async () => {
    const ids = await publish(10);
    await consume('logger', 10);
    await consume('cache', 3);
    await consume('cache', 2, false);
    await consume('cache', 5);
    await trimmer().trim();
    assert.deepEqual(await remainingIds(), ids.slice(3));
  });

  test('keeps what a group it was not told of has not read', async () => {
    const ids = await publish(10);
    await redis.xgroup('CREATE', stream, 'export', '0');
    await consume('logger', 10);
    await consume('cache', 10);
    await consume('export', 6);
    await trimmer().trim();
    assert.deepEqual(await remainingIds(), ids.slice(6));
  });

  test('trims nothing while an expected group does not exist yet', async () => {
    const ids = await publish(10);
    await consume('logger', 10);
    await consume('cache', 10);
    assert.equal(await trimmer(['logger', 'cache', 'governance']).trim(), 0);
    assert.deepEqual(await remainingIds(), ids);
  });

  test('trims every interval once started, and stops', async () => {
    await publish(5);
    await consume('logger', 5);
    await consume('cache', 5);
    const running = new ConsumedEntriesTrimmer({
      redis,
      stream,
      groups: ['logger', 'cache'],
      everyMs: 20,
      onError: assert.fail,
    });
    running.start();
    const deadline = Date.now() + 2_000;
    while ((await redis.xlen(stream)) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await running.stop();
    assert.equal(await redis.xlen(stream), 0);
    await publish(2);
    await consume('logger', 2);
    await consume('cache', 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await redis.xlen(stream), 2);
  });
});
