import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { CompletionEventProbe } from '../helpers/completion-events';
import { type OpenAIGatewayFixture, startOpenAIGatewayFixture } from '../helpers/openai-gateway-fixture';
import { waitForLogRecord } from '../helpers/wait-for-log-record';

const CONFIGS = `configs:
  cached:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
    cache: { mode: exact, ttl_s: 600, serve_stale_on_error: true }
  uncached:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
default_config: cached
`;

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

describe('exact response cache, end to end', () => {
  let fixture: OpenAIGatewayFixture;
  let events: CompletionEventProbe;
  const upstreamCalls = () => fixture.simulator.stats().requests;

  /** A non-streamed chat call: its answer and Sluice's headers. */
  const chat = async (
    messages: Message[],
    options: {
      headers?: Record<string, string>;
      params?: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming>;
    } = {},
  ) => {
    const { data, response } = await fixture.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages, ...options.params }, { headers: options.headers })
      .withResponse();
    return {
      data,
      cache: response.headers.get('x-sluice-cache'),
      requestId: response.headers.get('x-sluice-request-id') ?? '',
      headers: response.headers,
    };
  };
  /** A call that misses, then waits until the cache service stored its answer. */
  const seed = async (messages: Message[], options: Parameters<typeof chat>[1] = {}) => {
    const first = await chat(messages, options);
    assert.equal(first.cache, 'miss');
    await events.waitForGroup('cache', first.requestId);
    return first;
  };

  before(async () => {
    fixture = await startOpenAIGatewayFixture(CONFIGS);
    events = new CompletionEventProbe(fixture.gateway.prefix);
  });
  after(async () => {
    await events.close();
    await fixture.stop();
  });
  afterEach(() => fixture.simulator.reset());

  test('a second identical call is served from the cache without reaching the provider, and logged with what it saved', async () => {
    const question: Message[] = [{ role: 'user', content: 'What is the boiling point of water?' }];
    const first = await seed(question);
    const callsBefore = upstreamCalls();
    const second = await chat(question, { params: { user: 'someone-else' } });
    assert.equal(second.cache, 'hit-exact');
    assert.equal(upstreamCalls(), callsBefore, 'the provider was not called');
    assert.deepEqual(second.data.choices, first.data.choices);
    assert.match(second.requestId, /^req_[0-9a-f]{32}$/);
    assert.notEqual(second.requestId, first.requestId);
    assert.equal(second.headers.get('x-sluice-cache-score'), null);

    const hitEvent = await events.waitForGroup('logger', second.requestId);
    assert.equal(hitEvent.status, 'cached');
    assert.equal(hitEvent.cache, 'hit-exact');
    assert.equal(hitEvent.prompt_tokens, first.data.usage?.prompt_tokens);
    const record = await waitForLogRecord<LogRecord>(fixture.gateway.baseURL, second.requestId);
    assert.equal(record.status, 'cached');
    assert.equal(record.cache, 'hit-exact');
    assert.ok(record.saved_usd > 0, `saved_usd ${record.saved_usd}`);
    assert.equal(record.cost_usd, 0);
    const missRecord = await waitForLogRecord<LogRecord>(fixture.gateway.baseURL, first.requestId);
    assert.equal(missRecord.cache, 'miss');
  });

  test('parameters, system prompt and config are part of the key', async () => {
    const question: Message[] = [{ role: 'user', content: 'Name a prime number.' }];
    await seed(question);
    const callsBefore = upstreamCalls();
    assert.equal((await chat(question, { params: { temperature: 0.2 } })).cache, 'miss');
    assert.equal((await chat([{ role: 'system', content: 'Answer in French.' }, ...question])).cache, 'miss');
    const inline = JSON.stringify({
      strategy: 'single',
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }],
      cache: { mode: 'exact' },
    });
    assert.equal((await chat(question, { headers: { 'x-sluice-config': inline } })).cache, 'miss');
    assert.equal(upstreamCalls(), callsBefore + 3);
    assert.equal((await chat(question)).cache, 'hit-exact');
  });

  test('x-sluice-cache: off skips the cache; a config without cache says off', async () => {
    const question: Message[] = [{ role: 'user', content: 'Is the sky blue?' }];
    await seed(question);
    const callsBefore = upstreamCalls();
    assert.equal((await chat(question, { headers: { 'x-sluice-cache': 'off' } })).cache, 'off');
    assert.equal((await chat(question, { headers: { 'x-sluice-config': 'uncached' } })).cache, 'off');
    assert.equal(upstreamCalls(), callsBefore + 2);
  });

  test('x-sluice-cache-refresh skips the lookup and stores the fresh answer', async () => {
    const question: Message[] = [{ role: 'user', content: 'Tell me something new.' }];
    const first = await seed(question);
    assert.equal((await chat(question)).data.id, first.data.id);
    const refreshed = await chat(question, { headers: { 'x-sluice-cache-refresh': 'true' } });
    assert.equal(refreshed.cache, 'miss');
    assert.notEqual(refreshed.data.id, first.data.id, 'the provider answered again');
    await events.waitForGroup('cache', refreshed.requestId);
    const after = await chat(question);
    assert.equal(after.cache, 'hit-exact');
    assert.equal(after.data.id, refreshed.data.id, 'the fresh answer replaced the old one');
  });

  test('an entry lives for x-sluice-cache-ttl seconds', async () => {
    const question: Message[] = [{ role: 'user', content: 'What time is it?' }];
    await seed(question, { headers: { 'x-sluice-cache-ttl': '1' } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal((await chat(question)).cache, 'miss');
  });

  test('a bad cache header is a 400 naming it', async () => {
    await assert.rejects(
      chat([{ role: 'user', content: 'hi' }], { headers: { 'x-sluice-cache': 'sometimes' } }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.param, 'x-sluice-cache');
        return true;
      },
    );
    await assert.rejects(
      chat([{ role: 'user', content: 'hi' }], { headers: { 'x-sluice-cache-ttl': '-5' } }),
      OpenAI.BadRequestError,
    );
  });

  test('when every target fails, serve_stale_on_error answers with the last good answer', async () => {
    const question: Message[] = [{ role: 'user', content: 'What is the refund policy?' }];
    const good = await seed(question);
    fixture.simulator.configure({ failStatus: 500 });
    const stale = await chat(question, { headers: { 'x-sluice-cache-refresh': 'true' } });
    assert.equal(stale.cache, 'hit-exact');
    assert.equal(stale.headers.get('x-sluice-cache-stale'), 'true');
    assert.equal(stale.headers.get('x-sluice-attempts'), '1');
    assert.deepEqual(stale.data.choices, good.data.choices);
    const event = await events.waitForEvent(stale.requestId);
    assert.match(stale.requestId, /_stale$/);
    assert.equal(event.event.status, 'cached');
    assert.match(event.event.error ?? '', /served stale from the cache/);
    assert.equal(event.event.attempts[0]?.status, 500);

    await assert.rejects(chat([{ role: 'user', content: 'Never asked before.' }]), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      return true;
    });
  });

  test('a hit on a streaming request is replayed as server-sent events', async () => {
    const question: Message[] = [{ role: 'user', content: 'Describe the ocean in a few words please.' }];
    const first = await seed(question);
    const callsBefore = upstreamCalls();
    const { data: stream, response } = await fixture.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.equal(response.headers.get('x-sluice-cache'), 'hit-exact');
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, first.data.choices[0]?.message.content);
    assert.ok(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length > 1, 'the text came in pieces');
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)?.usage, first.data.usage);

    const withoutUsage = await fixture.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
    });
    for await (const chunk of withoutUsage) assert.ok(!chunk.usage, 'no usage chunk was asked for');
    assert.equal(upstreamCalls(), callsBefore);
  });

  test('a streamed answer is cached too', async () => {
    const question: Message[] = [{ role: 'user', content: 'Stream me a cached answer.' }];
    const { data: stream, response } = await fixture.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question, stream: true })
      .withResponse();
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    assert.equal(response.headers.get('x-sluice-cache'), 'miss');
    await events.waitForGroup('cache', response.headers.get('x-sluice-request-id') ?? '');
    const again = await chat(question);
    assert.equal(again.cache, 'hit-exact');
    assert.equal(again.data.choices[0]?.message.content, streamed);
  });

  test('the Anthropic entry point shares the cache', async () => {
    const anthropic = new Anthropic({ baseURL: fixture.gateway.url, apiKey: 'unused', maxRetries: 0 });
    const ask = () =>
      anthropic.messages
        .create({
          model: 'gpt-4o-mini',
          max_tokens: 64,
          messages: [{ role: 'user', content: 'Anthropic, cache this.' }],
        })
        .withResponse();
    const first = await ask();
    assert.equal(first.response.headers.get('x-sluice-cache'), 'miss');
    await events.waitForGroup('cache', first.response.headers.get('x-sluice-request-id') ?? '');
    const second = await ask();
    assert.equal(second.response.headers.get('x-sluice-cache'), 'hit-exact');
    assert.deepEqual(second.data.content, first.data.content);
    const sent = {
      model: 'gpt-4o-mini',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Anthropic, cache this.' }],
    };
    for (const answered of [first, second]) {
      const record = await waitForLogRecord<LogRecord>(
        fixture.gateway.baseURL,
        answered.response.headers.get('x-sluice-request-id') ?? '',
      );
      assert.deepEqual(record.request_body, sent, 'logged as the client sent it');
      assert.deepEqual((record.translated_request_body as { messages: unknown }).messages, sent.messages);
    }

    const streamed = anthropic.messages.stream({
      model: 'gpt-4o-mini',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Anthropic, cache this.' }],
    });
    const message = await streamed.finalMessage();
    assert.deepEqual(message.content, first.data.content, 'a hit replays as Anthropic stream events');
    assert.equal(message.usage.output_tokens, first.data.usage.output_tokens);
  });
});

interface LogRecord {
  status: string;
  cache: string;
  saved_usd: number;
  cost_usd: number;
  request_body: unknown;
  translated_request_body?: unknown;
}
