import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ReplyListener } from './reply-listener';
import type { ReplyMessage } from './reply-message';
import { ReplyPublisher } from './reply-publisher';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the reply channel (worker → waiting ingress)', () => {
  let redis: Redis;
  let listener: ReplyListener;
  let publisher: ReplyPublisher;
  const streamKey = `test:replies:${randomUUID()}`;

  before(async () => {
    redis = new Redis(REDIS_URL);
    listener = new ReplyListener({ blockingRedis: new Redis(REDIS_URL), redis, streamKey });
    await listener.start();
    publisher = new ReplyPublisher(redis);
  });
  after(async () => {
    await listener.stop();
    await redis.del(streamKey);
    redis.disconnect();
  });

  test('delivers each request its messages in order; chunks arrive together, each its text as sent', async () => {
    const first = listener.expect('req-1');
    const other = listener.expect('req-2');
    const chunks = ['{"choices":[{"delta":{"content":"a \\"quoted\\" word"}}]}', '{"choices":[]}'];
    const sent: ReplyMessage[] = [
      { kind: 'stream-started', provider: 'openai', model: 'gpt-4o-mini', attempts: [] },
      { kind: 'chunks-received', data: chunks },
      { kind: 'stream-ended' },
    ];
    for (const message of sent) await publisher.send(streamKey, 'req-1', message);
    await publisher.send(streamKey, 'req-2', { kind: 'stream-ended' });
    const received = [await first.next(2_000), await first.next(2_000), await first.next(2_000)];
    assert.deepEqual(received, sent);
    assert.deepEqual(await other.next(2_000), { kind: 'stream-ended' });
    const chunkEntry = (await redis.xrange(streamKey, '-', '+')).find(([, fields]) => fields[2] === 'c');
    assert.deepEqual(
      chunkEntry?.[1],
      ['r', 'req-1', 'c', chunks[0], 'c', chunks[1]],
      'one entry, no JSON around chunks',
    );
    first.close();
    other.close();
  });

  test('an entry that is not a reply message is skipped; the entries after it still arrive', async () => {
    const inbox = listener.expect('req-3');
    await redis.xadd(streamKey, '*', 'r', 'req-3', 'm', '{"kind":"result","body":');
    await redis.xadd(streamKey, '*', 'r', 'req-3', 'm', JSON.stringify({ kind: 'result', body: 42 }));
    await publisher.send(streamKey, 'req-3', { kind: 'stream-ended' });
    assert.deepEqual(await inbox.next(2_000), { kind: 'stream-ended' });
    inbox.close();
  });
});
