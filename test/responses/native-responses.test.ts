import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startAnthropicSimulator, startOpenAISimulator } from '../simulators/index';

describe('an account with responses: native receives the request as it came', () => {
  let openai: RunningSimulator;
  let anthropic: RunningSimulator;
  let gateway: TestGateway;
  let client: OpenAI;
  before(async () => {
    openai = await startOpenAISimulator();
    anthropic = await startAnthropicSimulator();
    gateway = await startTestGateway({
      configYaml: [
        'providers:',
        `  native: { type: openai, base_url: "${openai.url}", api_key: sk-native, responses: native, timeout_ms: 5000 }`,
        `  claude: { type: anthropic, base_url: "${anthropic.url}", api_key: sk-ant, timeout_ms: 5000 }`,
        'configs:',
        '  native-first:',
        '    strategy: fallback',
        '    targets: [{ provider: native, model: gpt-4o-mini }, { provider: claude, model: claude-haiku-4-5 }]',
        '    fallback_on: [500]',
      ].join('\n'),
    });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'dev', maxRetries: 0 });
  });
  after(async () => {
    await gateway.stop();
    await Promise.all([openai.close(), anthropic.close()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
  });

  const request = {
    model: 'native/gpt-4o-mini',
    input: 'search the web',
    tools: [{ type: 'web_search' as const }],
    client_metadata: { session_id: 's1' },
  };

  test('the body reaches POST /responses unchanged, built-in tools included, and the answer comes back as it was', async () => {
    const { data, response } = await client.responses
      .create(request as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    const sent = openai.stats().lastBody as Record<string, unknown>;
    assert.deepEqual(sent.tools, [{ type: 'web_search' }]);
    assert.deepEqual(sent.client_metadata, { session_id: 's1' });
    assert.equal(sent.model, 'gpt-4o-mini');
    assert.deepEqual(
      data.output.map((item) => item.type),
      ['web_search_call', 'message'],
    );
    assert.equal(data.output_text, 'Echo: search the web');
    assert.equal(response.headers.get('x-sluice-provider'), 'native');
    assert.equal(response.headers.get('x-sluice-omitted-tools'), null, 'nothing was left out');
    const stored = await client.responses.retrieve(data.id);
    assert.equal(stored.output_text, 'Echo: search the web');
  });

  test('streamed: the upstream’s events are relayed as they came', async () => {
    const stream = await client.responses.create({
      ...request,
      stream: true,
    } as OpenAI.Responses.ResponseCreateParamsStreaming);
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    assert.equal(events[0]?.type, 'response.created');
    assert.ok(
      events.some((event) => event.type === 'response.output_item.added' && event.item.type === 'web_search_call'),
    );
    const completed = events.at(-1);
    assert.ok(completed?.type === 'response.completed');
    assert.match(completed.response.id, /^resp_/);
    const text = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('');
    assert.equal(text, 'Echo: search the web');
  });

  test('a native account failing falls back to a translated one', async () => {
    openai.configure({ failStatus: 500 });
    const { data, response } = await client.responses
      .create({ ...request, model: 'native-first' } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();
    assert.equal(response.headers.get('x-sluice-provider'), 'claude');
    assert.equal(response.headers.get('x-sluice-attempts'), '2');
    assert.equal(data.output_text, 'Echo: search the web');
    assert.equal(response.headers.get('x-sluice-omitted-tools'), 'web_search');
  });
});
