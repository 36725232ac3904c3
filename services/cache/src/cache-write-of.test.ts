import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CompletionEventInput, CompletionEventSchema } from '@sluice/queues';
import { readNativeCacheEntry } from '@sluice/semantic-cache';
import { cacheWriteOf } from './cache-write-of';

const request = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const completion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
};
const store = { mode: 'exact' as const, ttlS: 60, keepStale: false, configId: 'default@abc', tenant: '' };

const event = (fields: Partial<CompletionEventInput>) =>
  CompletionEventSchema.parse({
    id: 'req_1',
    created_at: '',
    mode: 'sync',
    endpoint: 'chat',
    requested_model: 'gpt-4o-mini',
    served_model: 'gpt-4o-mini',
    provider: 'openai',
    status: 'success',
    http_status: 200,
    attempts: [],
    latency_ms: 1,
    ...fields,
  });

describe('cacheWriteOf', () => {
  it('takes the request and response from the logged bodies', () => {
    const write = cacheWriteOf(event({ request_body: request, response_body: completion, cache_store: store }));
    assert.deepEqual(write, {
      mode: 'exact',
      request,
      tenant: '',
      configId: 'default@abc',
      body: JSON.stringify(completion),
      ttlS: 60,
      keepStale: false,
    });
  });

  it('keys a translated request on its canonical form, not the body its client sent', () => {
    const sent = {
      model: 'gpt-4o-mini',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    };
    const write = cacheWriteOf(
      event({ request_body: sent, translated_request_body: request, response_body: completion, cache_store: store }),
    );
    assert.ok(write && 'request' in write);
    assert.deepEqual(write.request, request);
  });

  it('takes them from cache_store when the bodies are omitted', () => {
    const write = cacheWriteOf(event({ cache_store: { ...store, request, response: JSON.stringify(completion) } }));
    assert.ok(write && 'request' in write);
    assert.equal(write.body, JSON.stringify(completion));
    assert.deepEqual(write.request, request);
  });

  it('stores nothing unmarked, failed, invalid or without a choice', () => {
    assert.equal(cacheWriteOf(event({ request_body: request, response_body: completion })), undefined);
    assert.equal(
      cacheWriteOf(event({ status: 'error', request_body: request, response_body: completion, cache_store: store })),
      undefined,
    );
    assert.equal(
      cacheWriteOf(event({ request_body: { model: 'x' }, response_body: completion, cache_store: store })),
      undefined,
    );
    assert.equal(
      cacheWriteOf(event({ request_body: request, response_body: { ...completion, choices: [] }, cache_store: store })),
      undefined,
    );
    assert.equal(cacheWriteOf(event({ cache_store: { ...store, request, response: 'not json' } })), undefined);
  });

  it('stores a forwarded answer as it came, with its ChatCompletion, under the key the ingress derived', () => {
    const native = 'event: message_start\ndata: {"type":"message_start"}\n\n';
    const forwarded = { ...store, nativeKey: 'k1', native };
    const write = cacheWriteOf(
      event({ request_body: { model: 'claude', anything: 1 }, response_body: completion, cache_store: forwarded }),
    );
    assert.ok(write && 'entryKey' in write);
    assert.deepEqual([write.entryKey, write.ttlS, write.keepStale], ['k1', 60, false]);
    assert.deepEqual(readNativeCacheEntry(write.body), { native, completion });
    const withoutNative = { ...forwarded, native: undefined };
    assert.equal(cacheWriteOf(event({ response_body: completion, cache_store: withoutNative })), undefined);
  });
});
