import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PrivateRedis, startPrivateRedis } from '../../../test/helpers/private-redis';
import type { CompletionEventInput } from './completion-event';
import { CompletionEventPublisher } from './completion-event-stream';
import { connectRedis } from './connect-redis';
import { OutageBufferedEventPublisher } from './outage-buffered-event-publisher';
import { isRedisUnavailable } from './redis-unavailable';

const STREAM = 'events';

function event(id: string): CompletionEventInput {
  return { id } as CompletionEventInput;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('OutageBufferedEventPublisher, on a Redis that goes away and comes back', () => {
  let redis: PrivateRedis;
  before(async () => {
    redis = await startPrivateRedis();
  });
  after(async () => redis.dispose());

  test('Redis failures are told apart from other command failures', async () => {
    const connection = connectRedis({ REDIS_URL: redis.url, REDIS_CLUSTER_NODES: undefined }, 'command');
    await connection.connect();
    await connection.set('a-string', '1');
    const wrongType = await connection.xadd('a-string', '*', 'f', 'v').catch((error: unknown) => error);
    assert.equal(isRedisUnavailable(wrongType), false);
    await redis.kill();
    const down = await connection.set('k', 'v').catch((error: unknown) => error);
    assert.equal(isRedisUnavailable(down), true, String(down));
    await redis.restart();
    connection.disconnect();
  });

  test('events kept during the outage are published in order once Redis is back; beyond the bound the oldest go', async () => {
    const connection = connectRedis({ REDIS_URL: redis.url, REDIS_CLUSTER_NODES: undefined }, 'command');
    await connection.connect();
    const dropped: number[] = [];
    const publisher = new OutageBufferedEventPublisher({
      publisher: new CompletionEventPublisher(connection, STREAM),
      redis: connection,
      maxEvents: 3,
      onDropped: (count) => dropped.push(count),
    });
    await publisher.publish(event('before'));
    await redis.kill();
    for (const id of ['1', '2', '3', '4', '5']) await publisher.publish(event(id));
    assert.equal(publisher.pending, 3);
    await redis.restart();
    await until(async () => publisher.pending === 0);
    const entries = await connection.xrange(STREAM, '-', '+');
    const ids = entries.map(([, fields]) => (JSON.parse(fields[1] ?? '{}') as { id: string }).id);
    assert.deepEqual(ids, ['3', '4', '5'], 'the restarted Redis (no persistence) has only the kept events, in order');
    assert.deepEqual(dropped, [2]);
    publisher.close();
    connection.disconnect();
  });
});
