import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionEventInput, ProviderJob } from '@sluice/queues';
import { oneTargetJob } from '../../../test/helpers/provider-job-fixture';
import { cacheColumnOf, cacheStoreOf, nativeResponsesCacheStoreOf } from './cache-store-of';

const instruction = { mode: 'semantic' as const, ttlS: 60, keepStale: true, configId: 'default@abc', tenant: 'vk_1' };
const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const completion = '{"object":"chat.completion","choices":[]}';
const answer = { response: completion, native: undefined };

type Instruction = typeof instruction & { nativeKey?: string };

function job(overrides: Partial<ProviderJob> = {}, cache: Instruction | null = instruction): ProviderJob {
  return oneTargetJob({ body, context: { requestedModel: 'gpt-4o-mini', cache: cache ?? undefined }, ...overrides });
}
const event = (fields: Partial<CompletionEventInput> = {}): CompletionEventInput => ({
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
  request_body: body,
  response_body: {},
  ...fields,
});

describe('cacheStoreOf', () => {
  it('carries the instruction alone when the event has the bodies', () => {
    assert.deepEqual(cacheStoreOf(job(), answer, event()), { ...instruction, request: undefined, response: undefined });
  });

  it('carries the request parsed from the client’s text when the job carries it so and the bodies are omitted', () => {
    const carried = job({ body: { model: 'gpt-4o-mini' }, bodyText: JSON.stringify(body) });
    const omitted = event({ request_body: undefined, response_body: undefined });
    assert.deepEqual(cacheStoreOf(carried, answer, omitted)?.request, body);
  });

  it('carries the request and response when the bodies are omitted or the answer was streamed', () => {
    assert.deepEqual(cacheStoreOf(job(), answer, event({ request_body: undefined, response_body: undefined })), {
      ...instruction,
      request: body,
      response: completion,
    });
  });

  it('is absent for failures, embeddings, batches, no answer and a cache that is off', () => {
    assert.equal(cacheStoreOf(job(), answer, event({ status: 'error' })), undefined);
    assert.equal(cacheStoreOf(job({ kind: 'embeddings' }), answer, event()), undefined);
    assert.equal(cacheStoreOf(job({ mode: 'batch' }), answer, event()), undefined);
    assert.equal(cacheStoreOf(job(), { response: undefined, native: undefined }, event()), undefined);
    assert.equal(cacheStoreOf(job({}, null), answer, event()), undefined);
  });

  it('stores a forwarded answer keyed as forwarded only with the answer as it came', () => {
    const forwarded = job({}, { ...instruction, nativeKey: 'k' });
    const native = 'event: message_start\ndata: {}\n\n';
    assert.deepEqual(cacheStoreOf(forwarded, { response: completion, native }, event({ response_body: undefined })), {
      ...instruction,
      nativeKey: 'k',
      response: completion,
      native,
    });
    assert.equal(cacheStoreOf(forwarded, answer, event()), undefined, 'a translated fallback answered');
  });

  it('stores a native Responses answer keyed as it came with its chat form, whatever the event logs', () => {
    const keyed = job({}, { ...instruction, nativeKey: 'k' });
    const entry = { native: '{"object":"response"}', completion };
    const logged = event({ response_body: { object: 'response' } });
    assert.deepEqual(nativeResponsesCacheStoreOf(keyed, entry, logged), {
      ...instruction,
      nativeKey: 'k',
      response: completion,
      native: entry.native,
    });
    assert.equal(nativeResponsesCacheStoreOf(job(), entry, logged), undefined, 'not keyed as it came');
    assert.equal(nativeResponsesCacheStoreOf(keyed, undefined, logged), undefined, 'nothing kept of the answer');
    assert.equal(nativeResponsesCacheStoreOf(keyed, entry, event({ status: 'error' })), undefined);
    assert.equal(
      nativeResponsesCacheStoreOf(job({ mode: 'batch' }, { ...instruction, nativeKey: 'k' }), entry, logged),
      undefined,
    );
  });

  it('logs a consulted cache as a miss', () => {
    assert.equal(cacheColumnOf(job()), 'miss');
    assert.equal(cacheColumnOf(job({}, null)), 'off');
  });
});
