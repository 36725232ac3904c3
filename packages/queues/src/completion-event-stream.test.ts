import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { CompletionEvent, CompletionEventInput } from './completion-event';
import {
  CompletionEventConsumer,
  type CompletionEventInterest,
  CompletionEventPublisher,
} from './completion-event-stream';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function event(id: string, extra: Partial<CompletionEventInput> = {}): CompletionEventInput {
  return {
    id,
    created_at: new Date().toISOString(),
    mode: 'sync',
    endpoint: 'chat',
    requested_model: 'gpt-4o-mini',
    served_model: 'gpt-4o-mini',
    provider: 'openai',
    status: 'success',
    http_status: 200,
    attempts: [],
    latency_ms: 3,
    ...extra,
  };
}

const CACHE_STORE = { mode: 'exact', ttlS: 60, keepStale: false, configId: 'c@1', tenant: '' } as const;

describe('completion event stream', () => {
  let redis: Redis;
  let blocking: Redis;
  let streamKey: string;
  const consumers: CompletionEventConsumer[] = [];

  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    blocking = new Redis(REDIS_URL);
    streamKey = `t${randomUUID().slice(0, 12)}:events`;
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
    await redis.del(streamKey);
    redis.disconnect();
    blocking.disconnect();
  });

  function consume(
    group: string,
    interest: CompletionEventInterest | undefined,
    handled: CompletionEvent[],
    fail?: () => boolean,
  ): CompletionEventConsumer {
    const consumer = new CompletionEventConsumer({
      redis: blocking,
      streamKey,
      group,
      consumer: 'c1',
      blockMs: 50,
      lingerMs: 0,
      reclaimAfterMs: 50,
      interest,
      async handle(events) {
        if (fail?.()) throw new Error('handler failed');
        handled.push(...events.map((entry) => entry.event));
      },
      onError: () => undefined,
    });
    consumers.push(consumer);
    return consumer;
  }

  async function pendingOf(group: string): Promise<number> {
    const [count] = (await redis.xpending(streamKey, group)) as [number];
    return count;
  }

  async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('a group with an interest decodes only the events tagged with it, and acknowledges every entry', async () => {
    const publisher = new CompletionEventPublisher(redis, streamKey);
    const everything: CompletionEvent[] = [];
    const cacheOnly: CompletionEvent[] = [];
    const settlementOnly: CompletionEvent[] = [];
    await consume('logger', undefined, everything).start();
    const cacheConsumer = consume('cache', 'cache', cacheOnly);
    await cacheConsumer.start();
    await consume('governance', 'settlement', settlementOnly).start();
    await publisher.publish(event('plain'));
    await publisher.publish(event('cacheable', { cache_store: CACHE_STORE }));
    await publisher.publish(event('failed-cacheable', { status: 'error', http_status: 502, cache_store: CACHE_STORE }));
    await publisher.publish(event('admitted', { admission_id: 'adm_1' }));
    await publisher.publish(event('keyed', { virtual_key_id: 'vk_1' }));
    await redis.xadd(streamKey, '*', 'e', '{"not":"an event"}', 't', 'cs');
    await until(() => everything.length === 5);
    await until(
      async () =>
        (await pendingOf('cache')) === 0 && (await pendingOf('governance')) === 0 && (await pendingOf('logger')) === 0,
    );
    assert.deepEqual(
      everything.map((entry) => entry.id),
      ['plain', 'cacheable', 'failed-cacheable', 'admitted', 'keyed'],
    );
    assert.deepEqual(
      cacheOnly.map((entry) => entry.id),
      ['cacheable'],
    );
    assert.deepEqual(
      settlementOnly.map((entry) => entry.id),
      ['admitted', 'keyed'],
    );
  });

  test('entries written without tags are decoded by every group', async () => {
    const handled: CompletionEvent[] = [];
    await consume('cache', 'cache', handled).start();
    await redis.xadd(streamKey, '*', 'e', JSON.stringify(event('untagged')));
    await until(() => handled.length === 1);
    assert.equal(handled[0]?.id, 'untagged');
  });

  test('a batch whose handler fails stays unacknowledged and is delivered again', async () => {
    const handled: CompletionEvent[] = [];
    let failures = 1;
    await consume('logger', undefined, handled, () => failures-- > 0).start();
    await new CompletionEventPublisher(redis, streamKey).publish(event('retried'));
    await until(() => handled.length === 1, 10_000);
    assert.equal(handled[0]?.id, 'retried');
    await until(async () => (await pendingOf('logger')) === 0);
  });
});
