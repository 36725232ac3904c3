import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { CompletionEventProbe } from '../helpers/completion-events';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { waitForLogRecord } from '../helpers/wait-for-log-record';
import { type RunningSimulator, startAnthropicSimulator, startOpenAISimulator } from '../simulators/index';

interface LogRecord {
  status: string;
  cache: string;
  cost_usd: number;
  saved_usd: number;
  prompt_tokens: number;
  completion_tokens: number;
  request_body: unknown;
}

describe('responses: native — the exact response cache keys the request as it came', () => {
  let openai: RunningSimulator;
  let anthropic: RunningSimulator;
  let gateway: TestGateway;
  let client: OpenAI;
  let events: CompletionEventProbe;
  const nativeCalls = () => openai.stats().requests;
  const post = (body: Record<string, unknown>) =>
    fetch(`${gateway.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** A call that misses, then waits until the cache service has taken its completion event. */
  const seeded = async (response: Response) => {
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-sluice-cache'), 'miss');
    await events.waitForGroup('cache', requestIdOf(response.headers));
    return response;
  };

  before(async () => {
    openai = await startOpenAISimulator();
    anthropic = await startAnthropicSimulator();
    gateway = await startTestGateway({
      configYaml: [
        'providers:',
        `  native: { type: openai, base_url: "${openai.url}", api_key: sk-native, responses: native, timeout_ms: 5000 }`,
        `  claude: { type: anthropic, base_url: "${anthropic.url}", api_key: sk-ant, timeout_ms: 5000 }`,
        'configs:',
        '  native-cached:',
        '    strategy: single',
        '    targets: [{ provider: native, model: gpt-4o-mini }]',
        '    cache: { mode: exact, ttl_s: 600 }',
        '  native-then-claude:',
        '    strategy: fallback',
        '    targets: [{ provider: native, model: gpt-4o-mini }, { provider: claude, model: claude-haiku-4-5 }]',
        '    fallback_on: [500]',
        '    cache: { mode: exact, ttl_s: 600 }',
      ].join('\n'),
    });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'dev', maxRetries: 0 });
    events = new CompletionEventProbe(gateway.prefix);
  });
  after(async () => {
    await events.close();
    await gateway.stop();
    await Promise.all([openai.close(), anthropic.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
  });

  /** Codex-like: a built-in tool (left out of translated calls, so named in x-sluice-omitted-tools there). */
  const request = {
    model: 'native-cached',
    input: 'search the web, then cache me',
    tools: [{ type: 'web_search' }],
    client_metadata: { session_id: 's1' },
  };

  test('a second identical call is the response as it came, id included, with no upstream call, logged at no cost', async () => {
    const first = await seeded(await post(request));
    const firstText = await first.text();
    assert.equal(nativeCalls(), 1);

    const { data, response } = await client.responses
      .create(request as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    assert.equal(response.headers.get('x-sluice-cache'), 'hit-exact');
    assert.equal(nativeCalls(), 1, 'the native account saw one call');
    const { output_text: _added, ...received } = data; // the SDK adds output_text to what it received
    assert.equal(JSON.stringify(received), firstText, 'the response object as the account sent it');
    assert.equal(data.output_text, 'Echo: search the web, then cache me');
    assert.equal(response.headers.get('x-sluice-omitted-tools'), null, 'nothing was left out of the answer');

    const hitId = requestIdOf(response.headers);
    const record = await waitForLogRecord<LogRecord>(gateway.baseURL, hitId);
    assert.deepEqual([record.status, record.cache, record.cost_usd], ['cached', 'hit-exact', 0]);
    const miss = await waitForLogRecord<LogRecord>(gateway.baseURL, requestIdOf(first.headers));
    assert.deepEqual(
      [record.prompt_tokens, record.completion_tokens],
      [miss.prompt_tokens, miss.completion_tokens],
      'the tokens the hit saved',
    );
    assert.ok(miss.cost_usd > 0 && record.saved_usd === miss.cost_usd, 'what the hit saved is what the miss cost');
    assert.deepEqual(record.request_body, { ...request, model: 'native-cached' }, 'the log keeps the body as sent');

    const other = await post({ ...request, input: 'something else' });
    assert.equal(other.headers.get('x-sluice-cache'), 'miss', 'another body is another entry');
    const reordered = await fetch(`${gateway.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(Object.entries(request).reverse())),
    });
    assert.equal(reordered.headers.get('x-sluice-cache'), 'hit-exact', 'key order does not count');
    assert.equal(nativeCalls(), 2);
  });

  test("a second identical stream replays the account's events byte for byte, which the SDK reads", async () => {
    const streamed = { ...request, input: 'stream me, then again', stream: true };
    const first = await seeded(await post(streamed));
    const firstEvents = await first.text();
    assert.match(firstEvents, /^event: response\.created\n/);

    const replay = await post(streamed);
    assert.equal(replay.headers.get('x-sluice-cache'), 'hit-exact');
    assert.match(replay.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(await replay.text(), firstEvents, 'the events as the account sent them');

    const stream = await client.responses.create(streamed as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    const received: ResponseStreamEvent[] = [];
    for await (const event of stream) received.push(event);
    assert.equal(received.at(-1)?.type, 'response.completed');
    const text = received.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    assert.equal(text.join(''), 'Echo: stream me, then again');
    assert.equal(nativeCalls(), 1, 'the native account saw one call');

    const plain = await post({ ...streamed, stream: false });
    assert.equal(plain.headers.get('x-sluice-cache'), 'miss', 'a plain call is stored apart from the stream');
    assert.equal(nativeCalls(), 2);
  });

  test('a request naming server state (previous_response_id, background) is never served from the cache', async () => {
    const earlier = await client.responses.create({ model: 'native-cached', input: 'remember this' });
    const chained = { model: 'native-cached', input: 'and then?', previous_response_id: earlier.id };
    for (let call = 0; call < 2; call += 1) {
      const response = await post(chained);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-sluice-cache'), 'off');
      await events.waitForGroup('cache', requestIdOf(response.headers));
    }
    assert.equal(nativeCalls(), 3, 'each chained call reached the account');

    const background = { model: 'native-cached', input: 'in the background', background: true };
    for (let call = 0; call < 2; call += 1) {
      const queued = await client.responses.create(background);
      let current = queued;
      for (let tries = 0; current.status === 'queued' || current.status === 'in_progress'; tries += 1) {
        assert.ok(tries < 250, 'the background response finishes');
        await new Promise((resolve) => setTimeout(resolve, 20));
        current = await client.responses.retrieve(queued.id);
      }
      assert.equal(current.status, 'completed');
    }
    assert.equal(nativeCalls(), 5, 'each background call reached the account');
  });

  test('on a route that falls back to a translated account, only the native answer is kept', async () => {
    const mixed = { ...request, model: 'native-then-claude', input: 'fall back, do not keep' };
    openai.configure({ failStatus: 500 });
    const fellBack = await seeded(await post(mixed));
    assert.equal(fellBack.headers.get('x-sluice-provider'), 'claude');
    const again = await post(mixed);
    assert.equal(again.headers.get('x-sluice-cache'), 'miss', 'the translated answer was not stored');
    assert.equal(anthropic.stats().requests, 2);

    openai.reset();
    const served = await seeded(await post({ ...mixed, input: 'native this time' }));
    assert.equal(served.headers.get('x-sluice-provider'), 'native');
    const hit = await post({ ...mixed, input: 'native this time' });
    assert.equal(hit.headers.get('x-sluice-cache'), 'hit-exact');
    assert.equal(hit.headers.get('x-sluice-provider'), null, 'no provider served a hit');
  });
});

function requestIdOf(headers: Headers): string {
  return headers.get('x-sluice-request-id') ?? '';
}
