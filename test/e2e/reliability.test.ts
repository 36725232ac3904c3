import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway';
import { type RunningSimulator, startOpenAISimulator } from '../simulators/index';

interface Pair {
  primary: RunningSimulator;
  secondary: RunningSimulator;
  gateway: TestGateway;
  client: OpenAI;
  stop(): Promise<void>;
}

/** Two OpenAI-compatible accounts, `primary` and `secondary`, behind one gateway with the given configs. */
async function startPair(configsYaml: string, env: Record<string, string> = {}, primaryExtra = ''): Promise<Pair> {
  const primary = await startOpenAISimulator();
  const secondary = await startOpenAISimulator();
  const gateway = await startTestGateway({
    configYaml: [
      'providers:',
      `  primary: { type: openai, base_url: "${primary.url}", timeout_ms: 2000${primaryExtra} }`,
      `  secondary: { type: openai, base_url: "${secondary.url}", timeout_ms: 2000 }`,
      configsYaml,
    ].join('\n'),
    env,
  });
  const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  return {
    primary,
    secondary,
    gateway,
    client,
    async stop() {
      await gateway.stop();
      await primary.close();
      await secondary.close();
    },
  };
}

const ask = (pair: Pair, content = 'hello', options: { headers?: Record<string, string>; model?: string } = {}) =>
  pair.client.chat.completions
    .create({ model: options.model ?? 'gpt-test', messages: [{ role: 'user', content }] }, { headers: options.headers })
    .withResponse();

const FALLBACK = `configs:
  chain:
    strategy: fallback
    retry: { attempts: 2, on_status: [429, 500, 502, 503, 504], backoff_ms: 10 }
    timeout_ms: 400
    targets:
      - { provider: primary, model: model-a }
      - { provider: secondary, model: model-b }
default_config: chain`;

describe('fallback chains', () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair(FALLBACK, { SLUICE_BREAKER_FAILURES: '1000' });
  });
  after(async () => pair.stop());
  afterEach(() => {
    pair.primary.reset();
    pair.secondary.reset();
  });

  test('an outage on the primary falls back after exactly its retries', async () => {
    pair.primary.configure({ failStatus: 500 });
    const { data, response } = await ask(pair);
    assert.equal(data.choices[0]?.message.content, 'Echo: hello');
    assert.equal(response.headers.get('x-sluice-provider'), 'secondary');
    assert.equal(response.headers.get('x-sluice-model'), 'model-b');
    assert.equal(response.headers.get('x-sluice-attempts'), '3');
    assert.equal(pair.primary.stats().requests, 2);
    assert.equal(pair.secondary.stats().requests, 1);
  });

  test('a flapping primary recovers on its retry without falling back', async () => {
    pair.primary.configure({ failStatus: 503, failCount: 1 });
    const { response } = await ask(pair);
    assert.equal(response.headers.get('x-sluice-provider'), 'primary');
    assert.equal(response.headers.get('x-sluice-attempts'), '2');
    assert.equal(pair.secondary.stats().requests, 0);
  });

  test('a primary slower than timeout_ms falls back with timeout attempts', async () => {
    pair.primary.configure({ latencyMs: 1500 });
    const started = Date.now();
    const { response } = await ask(pair);
    assert.equal(response.headers.get('x-sluice-provider'), 'secondary');
    assert.equal(response.headers.get('x-sluice-attempts'), '3');
    assert.ok(Date.now() - started < 1500, 'two 400 ms timeouts, not the 1.5 s latency');
  });

  test('dropped connections count as network failures and fall back', async () => {
    pair.primary.configure({ drop: 'before-headers' });
    const { response } = await ask(pair);
    assert.equal(response.headers.get('x-sluice-provider'), 'secondary');
  });

  test('when every target is down the 502 lists every attempt', async () => {
    pair.primary.configure({ failStatus: 500 });
    pair.secondary.configure({ failStatus: 502 });
    await assert.rejects(ask(pair), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.equal(error.headers?.get('x-sluice-attempts'), '4');
      assert.match(
        error.message,
        /primary\/model-a: 500.*primary\/model-a: 500.*secondary\/model-b: 502.*secondary\/model-b: 502/,
      );
      return true;
    });
  });

  test('a provider 4xx is not retried and does not fall back', async () => {
    pair.primary.configure({ failStatus: 400 });
    await assert.rejects(ask(pair), (error: unknown) => error instanceof OpenAI.BadRequestError);
    assert.equal(pair.primary.stats().requests, 1);
    assert.equal(pair.secondary.stats().requests, 0);
  });

  test('a stream that outlives timeout_ms ends with an error event, not a clean end', async () => {
    pair.primary.configure({ chunkDelayMs: 150 });
    const stream = await pair.client.chat.completions.create({
      model: 'gpt-test',
      stream: true,
      messages: [{ role: 'user', content: 'one two three four five six seven eight' }],
    });
    const received: string[] = [];
    await assert.rejects(async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    }, /no complete answer within 400 ms/);
    assert.ok(received.length > 0, 'the stream had started before the timeout cut it');
  });

  test('override_params and the target model reach the provider', async () => {
    const inline = JSON.stringify({
      strategy: 'single',
      targets: [{ provider: 'secondary', model: 'pinned', override_params: { temperature: 0.25 } }],
    });
    const { data } = await ask(pair, 'hi', { headers: { 'x-sluice-config': inline } });
    assert.equal(data.model, 'pinned');
    assert.equal((pair.secondary.stats().lastBody as { temperature?: number }).temperature, 0.25);
  });
});

describe('load balancing and conditional routing', () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair(`configs:
  weighted:
    strategy: loadbalance
    targets:
      - { provider: primary, weight: 3 }
      - { provider: secondary, weight: 1 }
  by-plan:
    strategy: conditional
    conditions:
      - when: { "metadata.plan": { $eq: paid } }
        then: premium
      - when: { $and: [ { "prompt.chars": { $gt: 200 } }, { "property.team": { $in: [search, ads] } } ] }
        then: long
    default: basic
    targets:
      - { name: premium, provider: primary, model: premium-model }
      - { name: basic, provider: secondary, model: basic-model }
      - { name: long, config: { strategy: single, targets: [ { provider: secondary, model: long-model } ] } }`);
  });
  after(async () => pair.stop());

  test('weights 3:1 split 400 requests within ±7 points of 75%', async () => {
    await Promise.all(Array.from({ length: 400 }, (_, index) => ask(pair, `w${index}`, { model: 'weighted' })));
    const share = pair.primary.stats().requests / 400;
    assert.ok(Math.abs(share - 0.75) <= 0.07, `primary share ${share}`);
    assert.equal(pair.primary.stats().requests + pair.secondary.stats().requests, 400);
  });

  test('conditions choose by metadata, prompt size and property, else the default', async () => {
    const paid = await ask(pair, 'x', { model: 'by-plan', headers: { 'x-sluice-metadata': '{"plan":"paid"}' } });
    assert.equal(paid.data.model, 'premium-model');
    const free = await ask(pair, 'x', { model: 'by-plan', headers: { 'x-sluice-metadata': '{"plan":"free"}' } });
    assert.equal(free.data.model, 'basic-model');
    const long = await ask(pair, 'y'.repeat(300), { model: 'by-plan', headers: { 'x-sluice-property-team': 'ads' } });
    assert.equal(long.data.model, 'long-model');
    const longOtherTeam = await ask(pair, 'y'.repeat(300), {
      model: 'by-plan',
      headers: { 'x-sluice-property-team': 'web' },
    });
    assert.equal(longOtherTeam.data.model, 'basic-model');
  });
});

describe('the circuit breaker', () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair(FALLBACK, { SLUICE_BREAKER_FAILURES: '3', SLUICE_BREAKER_COOLDOWN_MS: '1000' });
  });
  after(async () => pair.stop());

  test('a target that keeps failing is skipped for the cooldown, then probed with one request', async () => {
    pair.primary.configure({ failStatus: 500 });
    await ask(pair);
    await ask(pair);
    assert.equal(pair.primary.stats().requests, 3, 'the third failure opened the circuit mid-request');
    const skipped = await ask(pair);
    assert.equal(pair.primary.stats().requests, 3, 'an open circuit sends nothing to the primary');
    assert.equal(skipped.response.headers.get('x-sluice-provider'), 'secondary');
    assert.equal(skipped.response.headers.get('x-sluice-attempts'), '2', 'the skip is recorded as an attempt');

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await ask(pair);
    assert.equal(pair.primary.stats().requests, 4, 'one probe after the cooldown; it failed, so the circuit re-opened');
    await ask(pair);
    assert.equal(pair.primary.stats().requests, 4);

    pair.primary.reset();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const recovered = await ask(pair);
    assert.equal(
      recovered.response.headers.get('x-sluice-provider'),
      'primary',
      'a successful probe closes the circuit',
    );
    const again = await ask(pair);
    assert.equal(again.response.headers.get('x-sluice-provider'), 'primary');
  });
});
