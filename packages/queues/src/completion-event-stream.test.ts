import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import type { CompletionEvent, CompletionEventInput } from './completion-event';
import {
  bodiesKeyOf,
  CompletionEventConsumer,
  type CompletionEventInterest,
  CompletionEventPublisher,
  type ConsumerOptions,
  type EventBodiesText,
  eventBodiesText,
  parseEventBodies,
  withParsedBodies,
} from './completion-event-stream';
import { JsonText } from './json-text';

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
    extra: Pick<ConsumerOptions, 'trimConsumed'> = {},
  ): CompletionEventConsumer {
    const consumer = new CompletionEventConsumer({
      ...extra,
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

  /** A `logger` group consumer on a connection of its own that reads bodies as bytes, as the request log does. */
  function consumeBytes(
    handle: ConsumerOptions['handle'],
    extra: Pick<ConsumerOptions, 'deletesBodies'> = {},
  ): { consumer: CompletionEventConsumer; close(): Promise<void> } {
    const connection = new Redis(REDIS_URL);
    const consumer = new CompletionEventConsumer({
      ...extra,
      redis: connection,
      streamKey,
      group: 'logger',
      consumer: 'c1',
      blockMs: 50,
      lingerMs: 0,
      reclaimAfterMs: 50,
      bodies: 'bytes',
      handle,
      onError: () => undefined,
    });
    consumers.push(consumer);
    return {
      consumer,
      async close() {
        await consumer.stop();
        connection.disconnect();
      },
    };
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

  test('a consumer told every group trims the entries all of them have acknowledged', async () => {
    const handled: CompletionEvent[] = [];
    for (const group of ['logger', 'cache']) {
      const trimConsumed = { groups: ['logger', 'cache'], everyMs: 20, onError: assert.fail };
      await consume(group, undefined, handled, undefined, { trimConsumed }).start();
    }
    const publisher = new CompletionEventPublisher(redis, streamKey);
    for (const id of ['a', 'b', 'c']) await publisher.publish(event(id, { request_body: { text: 'x'.repeat(5_000) } }));
    await until(async () => handled.length === 6 && (await redis.xlen(streamKey)) === 0);
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

  test('bodies travel beside the event: parsed into it by default, left as their text for a `text` consumer', async () => {
    const bodies = {
      request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'héllo 🚀' }] },
      response_body: { choices: [{ message: { role: 'assistant', content: 'hi' } }] },
    };
    const parsed: CompletionEvent[] = [];
    await consume('cache', undefined, parsed).start();
    const asText: { event: CompletionEvent; bodiesText: EventBodiesText | undefined }[] = [];
    const textConsumer = consumeBytes(async (events) => {
      asText.push(...events.map(({ event, bodiesText }) => ({ event, bodiesText })));
    });
    await textConsumer.consumer.start();
    const publisher = new CompletionEventPublisher(redis, streamKey);
    await publisher.publish(event('with-bodies', bodies));
    await publisher.publish(event('without-bodies'));
    await redis.xadd(streamKey, '*', 'e', JSON.stringify(event('inline', bodies)), 't', '');
    await until(() => parsed.length === 3 && asText.length === 3);
    await textConsumer.close();

    const [entry] = (await redis.xrange(streamKey, '-', '+', 'COUNT', 1)) as [string, string[]][];
    assert.equal(JSON.parse(entry?.[1][1] ?? '{}').request_body, undefined, 'the event field carries no body');
    assert.deepEqual(
      parsed.map(({ id, request_body, response_body }) => ({ id, request_body, response_body })),
      [
        { id: 'with-bodies', ...bodies },
        { id: 'without-bodies', request_body: undefined, response_body: undefined },
        { id: 'inline', ...bodies },
      ],
    );
    assert.equal(asText[0]?.event.request_body, undefined);
    const bodiesBytes = asText[0]?.bodiesText;
    assert.ok(bodiesBytes instanceof Uint8Array, 'the bodies are handed over as the bytes read, never decoded');
    assert.deepEqual(JSON.parse(Buffer.from(bodiesBytes).toString('utf8')), bodies);
    assert.deepEqual(withParsedBodies(asText[0]?.event as CompletionEvent, asText[0]?.bodiesText), parsed[0]);
    assert.equal(asText[1]?.bodiesText, undefined);
    assert.deepEqual(asText[2], { event: parsed[2], bodiesText: undefined }, 'entries of before keep their bodies');
  });

  test('large bodies no other group needs go by reference, read and deleted by the group that stores them', async () => {
    const requestBody = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(10_000) }] };
    const publisher = new CompletionEventPublisher(redis, streamKey);
    await publisher.publish(event('untagged', { request_body: requestBody }));
    await publisher.publish(event('cacheable', { request_body: requestBody, cache_store: CACHE_STORE }));
    await publisher.publish(event('small', { request_body: { model: 'gpt-4o-mini' } }));
    const entries = (await redis.xrange(streamKey, '-', '+')) as [string, string[]][];
    const [untagged, cacheable, small] = entries.map(([, fields]) => fields.filter((_, index) => index % 2 === 0));
    assert.deepEqual(untagged, ['e', 't', 'r'], 'an untagged event names its bodies');
    assert.deepEqual(cacheable, ['e', 't', 'b'], 'an event the cache reads carries its bodies');
    assert.deepEqual(small, ['e', 't', 'b'], 'small bodies travel inline');
    const key = bodiesKeyOf(streamKey, 'untagged');
    assert.ok((await redis.ttl(key)) > 0, 'bodies by reference expire when no logger ever reads them');

    const cacheOnly: CompletionEvent[] = [];
    await consume('cache', 'cache', cacheOnly).start();
    const stored: { id: string; bodies: unknown }[] = [];
    let failures = 1;
    const logger = consumeBytes(
      async (events) => {
        if (failures-- > 0) throw new Error('handler failed');
        for (const { event: handled, bodiesText } of events)
          stored.push({ id: handled.id, bodies: bodiesText && parseEventBodies(bodiesText).request_body });
      },
      { deletesBodies: true },
    );
    await logger.consumer.start();
    await until(() => stored.length === 3 && cacheOnly.length === 1, 10_000);
    await logger.close();
    assert.deepEqual(stored, [
      { id: 'untagged', bodies: requestBody },
      { id: 'cacheable', bodies: requestBody },
      { id: 'small', bodies: { model: 'gpt-4o-mini' } },
    ]);
    assert.equal(await redis.exists(key), 0, 'stored bodies are deleted');
  });
});

test('a body held as JsonText is written as its own text, the others serialised; no bodies, no field', () => {
  const text = '{ "model": "gpt-4o-mini",\n  "messages": [{"role": "user", "content": "\\ud83d\\ude80"}] }';
  const written = eventBodiesText({ request_body: new JsonText(text), response_body: { ok: true } });
  assert.equal(written, `{"request_body":${text},"response_body":{"ok":true}}`);
  assert.deepEqual(parseEventBodies(written ?? ''), {
    request_body: JSON.parse(text),
    response_body: { ok: true },
    translated_request_body: undefined,
  });
  assert.equal(eventBodiesText({}), undefined);
});
