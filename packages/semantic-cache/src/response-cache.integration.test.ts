import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { UnavailableError } from '@sluice/errors';
import type { ChatCompletionRequest } from '@sluice/providers';
import { noHashTag } from '@sluice/queues';
import { createEmbeddedVectorStore, type VectorStore } from '@sluice/vector-store';
import { Redis } from 'ioredis';
import { createFunctionEmbedder } from './function-embedder';
import { ResponseCache } from './response-cache';

// Real Redis at 127.0.0.1:6379; each test writes under its own prefix and removes it afterwards.
const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
after(() => redis.quit());

async function removePrefix(prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

// A toy embedding space: texts listed together share a direction, everything else is orthogonal.
const SYNONYMS = [
  ['How do I enable 2FA?', 'How can I turn on 2FA?', 'How do I disable 2FA?'],
  ['What is the capital of France?', "What's France's capital city?"],
];
const toyEmbedder = createFunctionEmbedder(async (texts) => texts.map(toyVector), 8, { id: 'toy' });
function toyVector(text: string): number[] {
  const group = SYNONYMS.findIndex((texts) => texts.includes(text));
  const vector = new Array(8).fill(0);
  vector[group >= 0 ? group : 2 + (text.length % 6)] = 1;
  if (text.endsWith('city?')) vector[7] = 0.2;
  return vector;
}

const ask = (question: string, system = 'You are a support bot.'): ChatCompletionRequest => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ],
});

describe('ResponseCache on Redis', () => {
  let prefix: string;
  let store: VectorStore;
  let cache: ResponseCache;
  const base = { configId: 'default', tenant: 'vk_1' };

  before(() => redis.ping());
  beforeEach(() => {
    prefix = `sluice-test:${randomUUID()}:`;
    store = createEmbeddedVectorStore({ dimensions: 8, persistIntervalMs: 0, sweepIntervalMs: 0 });
    cache = new ResponseCache({
      redis,
      keyPrefix: prefix,
      hashTag: noHashTag,
      semantic: { store, embedder: toyEmbedder },
      staleTtlS: 600,
    });
  });
  afterEach(async () => {
    await store.close();
    await removePrefix(prefix);
  });

  it('stores and finds exact entries per config and tenant, ignoring stream and user', async () => {
    await cache.store({ ...base, mode: 'exact', request: ask('What is 2FA?'), body: '{"answer":1}', ttlS: 60 });
    assert.deepEqual(
      await cache.lookup({ ...base, mode: 'exact', request: { ...ask('What is 2FA?'), stream: true, user: 'x' } }),
      {
        kind: 'hit-exact',
        body: '{"answer":1}',
      },
    );
    assert.equal(
      await cache.lookup({ ...base, tenant: 'vk_2', mode: 'exact', request: ask('What is 2FA?') }),
      undefined,
    );
    assert.equal(
      await cache.lookup({ ...base, configId: 'other', mode: 'exact', request: ask('What is 2FA?') }),
      undefined,
    );
    assert.equal(await cache.lookup({ ...base, mode: 'off', request: ask('What is 2FA?') }), undefined);
    const [key] = await redis.keys(`${prefix}exact:*`);
    const ttl = await redis.ttl(key ?? '');
    assert.ok(ttl > 50 && ttl <= 60, `ttl ${ttl}`);
  });

  it('writes nothing in mode off', async () => {
    await cache.store({ ...base, mode: 'off', request: ask('What is 2FA?'), body: 'x', ttlS: 60 });
    assert.deepEqual(await redis.keys(`${prefix}*`), []);
  });

  it('keeps a longer-lived copy for serve_stale_on_error', async () => {
    const request = ask('What is 2FA?');
    await cache.store({ ...base, mode: 'exact', request, body: 'fresh', ttlS: 5, keepStale: true });
    assert.equal(await cache.lookupStale({ ...base, request: ask('Something else') }), undefined);
    await redis.del(...(await redis.keys(`${prefix}exact:*`)));
    assert.equal(await cache.lookup({ ...base, mode: 'exact', request }), undefined);
    assert.deepEqual(await cache.lookupStale({ ...base, request }), { kind: 'hit-exact', body: 'fresh', stale: true });
    const [staleKey] = await redis.keys(`${prefix}stale:*`);
    assert.ok((await redis.ttl(staleKey ?? '')) > 500);
  });

  it('stores and finds entries under a key the caller derived, with their stale copy', async () => {
    await cache.store({ entryKey: 'native-1', body: 'as it came', ttlS: 5, keepStale: true });
    assert.deepEqual(await cache.lookupEntry('native-1'), { kind: 'hit-exact', body: 'as it came' });
    assert.equal(await cache.lookupEntry('native-2'), undefined);
    await redis.del(...(await redis.keys(`${prefix}exact:*`)));
    assert.equal(await cache.lookupEntry('native-1'), undefined);
    assert.deepEqual(await cache.lookupStaleEntry('native-1'), { kind: 'hit-exact', body: 'as it came', stale: true });
  });

  it('answers a paraphrase from the semantic cache with its score, within the same scope only', async () => {
    await cache.store({
      ...base,
      mode: 'semantic',
      request: ask('What is the capital of France?'),
      body: 'Paris',
      ttlS: 60,
    });
    const hit = await cache.lookup({
      ...base,
      mode: 'semantic',
      request: ask("What's France's capital city?"),
      threshold: 0.95,
    });
    assert.equal(hit?.kind, 'hit-semantic');
    assert.equal(hit?.body, 'Paris');
    assert.ok((hit?.score ?? 0) > 0.97 && (hit?.score ?? 0) < 1);
    assert.equal(
      (await cache.lookup({ ...base, mode: 'semantic', request: ask('What is the capital of France?') }))?.kind,
      'hit-exact',
    );
    const paraphrase = ask("What's France's capital city?");
    assert.equal(
      await cache.lookup({ ...base, mode: 'semantic', request: paraphrase, threshold: 0.99 }),
      undefined,
      'threshold',
    );
    assert.equal(await cache.lookup({ ...base, mode: 'exact', request: paraphrase }), undefined, 'exact mode');
    assert.equal(
      await cache.lookup({ ...base, tenant: 'vk_2', mode: 'semantic', request: paraphrase }),
      undefined,
      'tenant',
    );
    const otherPrompt = ask("What's France's capital city?", 'You are a pirate.');
    assert.equal(await cache.lookup({ ...base, mode: 'semantic', request: otherPrompt }), undefined, 'system prompt');
  });

  it('lets the guard refuse a near-identical vector that asks the opposite', async () => {
    await cache.store({
      ...base,
      mode: 'semantic',
      request: ask('How do I enable 2FA?'),
      body: 'Settings → Security → Enable',
      ttlS: 60,
    });
    assert.equal(
      (await cache.lookup({ ...base, mode: 'semantic', request: ask('How can I turn on 2FA?') }))?.kind,
      'hit-semantic',
    );
    assert.equal(await cache.lookup({ ...base, mode: 'semantic', request: ask('How do I disable 2FA?') }), undefined);
  });

  it('misses when the answer has left Redis, and expires semantic entries with their TTL', async () => {
    let now = Date.now();
    const clocked = new ResponseCache({
      redis,
      keyPrefix: prefix,
      hashTag: noHashTag,
      semantic: { store, embedder: toyEmbedder },
      clock: () => now,
    });
    await clocked.store({
      ...base,
      mode: 'semantic',
      request: ask('What is the capital of France?'),
      body: 'Paris',
      ttlS: 30,
    });
    assert.equal(await store.count(), 1);
    await redis.del(...(await redis.keys(`${prefix}exact:*`)));
    assert.equal(
      await clocked.lookup({ ...base, mode: 'semantic', request: ask("What's France's capital city?") }),
      undefined,
    );
    now += 31_000;
    assert.equal(await store.deleteExpired(now), 1);
  });

  it('reports an unreachable Redis as UnavailableError', async () => {
    const down = new Redis('redis://127.0.0.1:9', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    down.on('error', () => undefined);
    const broken = new ResponseCache({ redis: down, keyPrefix: prefix, hashTag: noHashTag });
    await assert.rejects(broken.lookup({ ...base, mode: 'exact', request: ask('x') }), UnavailableError);
    down.disconnect();
  });
});
