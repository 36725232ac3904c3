import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { LocalReplyPoster } from './local-replies';
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

describe('the reply channel inside one process (worker → ingress over a MessagePort)', () => {
  let redis: Redis;
  let listener: ReplyListener;
  let local: ReplyPublisher;
  const streamKey = `test:replies:${randomUUID()}`;
  const otherStreamKey = `test:replies:${randomUUID()}`;
  let other: ReplyListener;

  before(async () => {
    redis = new Redis(REDIS_URL);
    const channel = new MessageChannel();
    listener = new ReplyListener({ blockingRedis: new Redis(REDIS_URL), redis, streamKey, local: channel.port1 });
    other = new ReplyListener({ blockingRedis: new Redis(REDIS_URL), redis, streamKey: otherStreamKey });
    await Promise.all([listener.start(), other.start()]);
    local = new ReplyPublisher(redis, { streamKey, port: channel.port2 });
  });
  after(async () => {
    await Promise.all([listener.stop(), other.stop()]);
    await redis.del(streamKey, otherStreamKey);
    redis.disconnect();
  });

  const streamOf = (count: number): ReplyMessage[] => [
    { kind: 'stream-started', provider: 'openai', model: 'gpt-4o-mini', attempts: [] },
    ...Array.from(
      { length: count },
      (_, index): ReplyMessage => ({
        kind: 'chunks-received',
        data: [`{"n":${2 * index}}`, `{"n":${2 * index + 1}}`],
      }),
    ),
    { kind: 'stream-ended' },
  ];

  async function received(inbox: ReturnType<ReplyListener['expect']>, count: number): Promise<unknown[]> {
    const messages: unknown[] = [];
    for (let index = 0; index < count; index += 1) messages.push(await inbox.next(2_000));
    return messages;
  }

  test('the ingress of this process gets every message over the port, in order, and nothing goes to Redis', async () => {
    const inbox = listener.expect('local-1');
    const sent = streamOf(500);
    const [started, firstChunks, ...rest] = sent as [ReplyMessage, ReplyMessage, ...ReplyMessage[]];
    const sending = (async () => {
      await local.send(streamKey, 'local-1', started, firstChunks);
      for (const message of rest) await local.send(streamKey, 'local-1', message);
    })();
    assert.deepEqual(await received(inbox, sent.length), sent);
    await sending;
    const entries = await redis.xrange(streamKey, '-', '+');
    assert.equal(
      entries.filter(([, fields]) => fields[1] === 'local-1').length,
      0,
      'no reply entry in the Redis stream',
    );
    inbox.close();
  });

  test('an ingress in another process (another reply stream) is still answered through Redis, in order', async () => {
    const inbox = other.expect('remote-1');
    const sent = streamOf(50);
    for (const message of sent) await local.send(otherStreamKey, 'remote-1', message);
    assert.deepEqual(await received(inbox, sent.length), sent);
    const entries = await redis.xrange(otherStreamKey, '-', '+');
    assert.equal(entries.filter(([, fields]) => fields[1] === 'remote-1').length, sent.length);
    inbox.close();
  });

  test('while posts are frequent, one post carries what the turn appended — chunks, results and ends of every request — in order', async () => {
    const channel = new MessageChannel();
    const posts: unknown[] = [];
    channel.port1.on('message', (data) => posts.push(data));
    const poster = new LocalReplyPoster(channel.port2, () => 0);
    poster.post('z', [{ kind: 'stream-ended' }]);
    poster.post('a', [{ kind: 'chunks-received', data: ['{"n":1}'] }]);
    poster.post('b', [{ kind: 'chunks-received', data: ['{"n":2}', '{"n":3}'] }]);
    const result: ReplyMessage = { kind: 'result', body: '{"id":"c"}', provider: 'openai', model: 'm', attempts: [] };
    poster.post('c', [result]);
    poster.post('a', [{ kind: 'stream-ended' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    poster.post('b', [{ kind: 'chunks-received', data: ['{"n":5}'] }]);
    poster.post('b', [{ kind: 'stream-ended' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Chunks as a reply-stream entry's strings; any other message as the object itself, not its JSON text.
    assert.deepEqual(posts, [
      [['r', 'z', 'm', { kind: 'stream-ended' }]],
      [
        ['r', 'a', 'c', '{"n":1}'],
        ['r', 'b', 'c', '{"n":2}', 'c', '{"n":3}'],
        ['r', 'c', 'm', result],
        ['r', 'a', 'm', { kind: 'stream-ended' }],
      ],
      [
        ['r', 'b', 'c', '{"n":5}'],
        ['r', 'b', 'm', { kind: 'stream-ended' }],
      ],
    ]);
    channel.port1.close();
  });

  test('a chunk after a quiet spell is posted at once, before the turn ends; the chunks that follow it in the turn wait', async () => {
    const channel = new MessageChannel();
    let clock = 0;
    const poster = new LocalReplyPoster(channel.port2, () => clock);
    poster.post('a', [
      { kind: 'stream-started', provider: 'openai', model: 'gpt-4o-mini', attempts: [] },
      { kind: 'chunks-received', data: ['{"role":"assistant"}'] },
    ]);
    assert.equal(receiveMessageOnPort(channel.port1)?.message.length, 2, 'the start and its chunks, at once');
    clock += 20;
    poster.post('a', [{ kind: 'chunks-received', data: ['{"content":"Echo"}'] }]);
    assert.deepEqual(receiveMessageOnPort(channel.port1)?.message, [['r', 'a', 'c', '{"content":"Echo"}']]);
    poster.post('b', [{ kind: 'chunks-received', data: ['{"content":"b"}'] }]);
    assert.equal(receiveMessageOnPort(channel.port1), undefined, 'within QUIET_MS of the last post: waits');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(receiveMessageOnPort(channel.port1)?.message, [['r', 'b', 'c', '{"content":"b"}']]);
    channel.port1.close();
  });

  test('a post that is not replies is skipped; the replies after it still arrive', async () => {
    const channel = new MessageChannel();
    const listening = new ReplyListener({
      blockingRedis: new Redis(REDIS_URL),
      redis,
      streamKey: `test:replies:${randomUUID()}`,
      local: channel.port1,
    });
    await listening.start();
    const inbox = listening.expect('local-2');
    channel.port2.postMessage({ not: 'replies' });
    channel.port2.postMessage([['r', 'local-2', 'm', '{"kind":"result","body":']]);
    channel.port2.postMessage([['r', 'local-2', 'm', { kind: 'result', body: 42 }]]);
    const publisher = new ReplyPublisher(redis, { streamKey: listening.streamKey, port: channel.port2 });
    await publisher.send(listening.streamKey, 'local-2', { kind: 'stream-ended' });
    assert.deepEqual(await inbox.next(2_000), { kind: 'stream-ended' });
    await listening.stop();
    await redis.del(listening.streamKey);
  });
});
