import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { CompletionEventProbe } from '../helpers/completion-events';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';
import { waitForLogRecord } from '../helpers/wait-for-log-record';

/** `claude-haiku-4-5` goes to the Anthropic account with the exact cache on, `claude-sonnet-4-5` with it off. */
const ROUTING_YAML = [
  'configs:',
  '  claude-cached:',
  '    strategy: single',
  '    targets: [ { provider: claude } ]',
  '    cache: { mode: exact, ttl_s: 600, serve_stale_on_error: true }',
  '  claude-uncached: { strategy: single, targets: [ { provider: claude } ] }',
  'models:',
  '  claude-haiku-4-5: claude-cached',
  '  claude-sonnet-4-5: claude-uncached',
].join('\n');

/** Elements only Anthropic understands (thinking, context management, a deferred tool): forwarded, never translated. */
const AGENT_FIELDS = {
  system: [{ type: 'text', text: 'You are an agent.', cache_control: { type: 'ephemeral' } }],
  thinking: { type: 'enabled', budget_tokens: 1024 },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  tools: [{ name: 'Later', description: 'Loaded by search', input_schema: { type: 'object' }, defer_loading: true }],
};

interface LogRecord {
  status: string;
  cache: string;
  cost_usd: number;
  saved_usd: number;
  prompt_tokens: number;
}

describe('/v1/messages forwarded to Anthropic: the exact response cache', () => {
  let mixed: MixedProviderGateway;
  let client: Anthropic;
  let events: CompletionEventProbe;
  const anthropicCalls = () => mixed.simulators.anthropic.stats().requests;
  const post = (body: Record<string, unknown>) =>
    fetch(`${mixed.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
  /** A call that misses, then waits until the cache service has stored its answer. */
  const seeded = async (response: Response) => {
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-sluice-cache'), 'miss');
    await events.waitForGroup('cache', requestIdOf(response.headers));
    return response;
  };

  before(async () => {
    mixed = await startMixedProviderGateway(ROUTING_YAML);
    client = new Anthropic({ baseURL: mixed.gateway.url, apiKey: 'unused-in-development-mode', maxRetries: 0 });
    events = new CompletionEventProbe(mixed.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await mixed.stop();
  });
  beforeEach(() => mixed.reset());

  test('a second identical call is answered with the JSON body as it came, logged as a hit at no cost', async () => {
    const sent = { model: 'claude-haiku-4-5', max_tokens: 2048, messages: [{ role: 'user', content: 'cache me' }] };
    const first = await seeded(await post({ ...sent, ...AGENT_FIELDS }));
    const firstText = await first.text();
    assert.equal(anthropicCalls(), 1);

    const { data, response } = await client.messages
      .create({ ...sent, ...AGENT_FIELDS } as unknown as MessageCreateParamsNonStreaming)
      .withResponse();
    assert.equal(response.headers.get('x-sluice-cache'), 'hit-exact');
    assert.equal(anthropicCalls(), 1, 'the account saw one call');
    assert.equal(JSON.stringify(data), firstText, 'the body the account sent, its id included');
    assert.ok(
      data.content.some((block) => block.type === 'thinking'),
      'the thinking block, which no canonical form keeps',
    );

    const hitId = requestIdOf(response.headers);
    const hit = await events.waitForGroup('logger', hitId);
    assert.deepEqual([hit.status, hit.cache, hit.provider], ['cached', 'hit-exact', null]);
    const { event: miss } = await events.waitForEvent(requestIdOf(first.headers));
    assert.deepEqual(
      [hit.prompt_tokens, hit.completion_tokens, hit.cache_write_tokens],
      [miss.prompt_tokens, miss.completion_tokens, miss.cache_write_tokens],
      'the tokens the hit saved',
    );
    assert.deepEqual(hit.request_body, { ...sent, ...AGENT_FIELDS }, 'the log keeps the body as sent');
    assert.equal(hit.translated_request_body, undefined, 'nothing was translated');
    const record = await waitForLogRecord<LogRecord>(mixed.gateway.baseURL, hitId);
    assert.deepEqual([record.status, record.cache, record.cost_usd], ['cached', 'hit-exact', 0]);
    assert.ok(record.saved_usd > 0, 'what the hit saved is priced');
  });

  test("a second identical stream is replayed as the account's event stream, which the SDK reads", async () => {
    const sent = {
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user' as const, content: 'stream me, then again' }],
    };
    const first = await seeded(await post(sent));
    const firstEvents = await first.text();
    assert.match(firstEvents, /^event: message_start\n/);

    const replay = await post(sent);
    assert.equal(replay.headers.get('x-sluice-cache'), 'hit-exact');
    assert.match(replay.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(await replay.text(), firstEvents, 'the events as the account sent them, byte for byte');

    const { stream: _stream, ...params } = sent;
    const streamed = client.messages.stream(params);
    const message = await streamed.finalMessage();
    assert.equal((await streamed.withResponse()).response.headers.get('x-sluice-cache'), 'hit-exact');
    assert.deepEqual(
      message.content.map((block) => (block.type === 'text' ? block.text : block.type)),
      ['Echo: stream me, then again'],
    );
    assert.equal(anthropicCalls(), 1, 'the account saw one call');

    const plain = await client.messages.create(params).withResponse();
    assert.equal(plain.response.headers.get('x-sluice-cache'), 'miss', 'a plain call is stored apart from the stream');
    assert.equal(anthropicCalls(), 2);
  });

  test('another body or beta header is a miss; key order and whitespace are not', async () => {
    const body = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'keyed' }] };
    await seeded(await post(body));
    const reordered = await fetch(`${mixed.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: `{ "messages": [ { "content": "keyed", "role": "user" } ],\n  "max_tokens": 64, "model": "claude-haiku-4-5" }`,
    });
    assert.equal(reordered.headers.get('x-sluice-cache'), 'hit-exact');
    const changed = await post({ ...body, max_tokens: 65 });
    assert.equal(changed.headers.get('x-sluice-cache'), 'miss');
    const other = await post({ ...body, messages: [{ role: 'user', content: 'keyed differently' }] });
    assert.equal(other.headers.get('x-sluice-cache'), 'miss');
    const beta = await fetch(`${mixed.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'context-1m-2025-08-07',
      },
      body: JSON.stringify(body),
    });
    assert.equal(beta.headers.get('x-sluice-cache'), 'miss');
    assert.equal(anthropicCalls(), 4);
  });

  test('with the cache off (the config, or x-sluice-cache: off) every call reaches the account', async () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'never kept' }] };
    for (let call = 0; call < 2; call += 1) {
      const response = await post(body);
      assert.equal(response.headers.get('x-sluice-cache'), 'off');
      await events.waitForGroup('cache', requestIdOf(response.headers));
    }
    assert.equal(anthropicCalls(), 2);
    const header = { headers: { 'x-sluice-cache': 'off' } };
    const cachedConfig = {
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user' as const, content: 'x' }],
    };
    const { response } = await client.messages.create(cachedConfig, header).withResponse();
    assert.equal(response.headers.get('x-sluice-cache'), 'off');
    await events.waitForGroup('cache', requestIdOf(response.headers));
    const again = await client.messages.create(cachedConfig, header).withResponse();
    assert.equal(again.response.headers.get('x-sluice-cache'), 'off');
    assert.equal(anthropicCalls(), 4);
  });
});

function requestIdOf(headers: Headers): string {
  return headers.get('x-sluice-request-id') ?? '';
}
