import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { CompletionEventProbe } from '../helpers/completion-events';
import { type OpenAIGatewayFixture, startOpenAIGatewayFixture } from '../helpers/openai-gateway-fixture';
import { startTestGateway } from '../helpers/start-test-gateway';
import { startOpenAISimulator } from '../simulators/index';

const SEMANTIC_CONFIG = `configs:
  support:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
    cache: { mode: semantic, ttl_s: 600, threshold: 0.95 }
default_config: support
`;

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

interface Harness {
  fixture: OpenAIGatewayFixture;
  events: CompletionEventProbe;
}

async function startHarness(extraYaml: string): Promise<Harness> {
  const fixture = await startOpenAIGatewayFixture(extraYaml);
  return { fixture, events: new CompletionEventProbe(fixture.gateway.prefix) };
}

async function stopHarness(harness: Harness | undefined): Promise<void> {
  await harness?.events.close();
  await harness?.fixture.stop();
}

async function chat(
  harness: Harness,
  messages: Message[],
  params: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming> = {},
) {
  const { data, response } = await harness.fixture.client.chat.completions
    .create({ model: 'gpt-4o-mini', messages, ...params })
    .withResponse();
  return {
    content: data.choices[0]?.message.content,
    cache: response.headers.get('x-sluice-cache'),
    score: response.headers.get('x-sluice-cache-score'),
    requestId: response.headers.get('x-sluice-request-id') ?? '',
  };
}

/** Asks once (a miss) and waits until the cache service has stored and indexed the answer. */
async function seed(
  harness: Harness,
  messages: Message[],
  params: Partial<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming> = {},
) {
  const first = await chat(harness, messages, params);
  assert.equal(first.cache, 'miss');
  await harness.events.waitForGroup('cache', first.requestId, 30_000);
  return first;
}

const user = (content: string): Message[] => [{ role: 'user', content }];

describe('semantic response cache with the embedded offline model and index', () => {
  let harness: Harness;
  const upstreamCalls = () => harness.fixture.simulator.stats().requests;
  before(async () => {
    harness = await startHarness(SEMANTIC_CONFIG);
  });
  after(() => stopHarness(harness));

  test('a paraphrase is answered from the cache, with its similarity score', async () => {
    const first = await seed(harness, user('How do I reset my password?'));
    const callsBefore = upstreamCalls();
    const paraphrase = await chat(harness, user('How can I reset my password?'));
    assert.equal(paraphrase.cache, 'hit-semantic');
    assert.equal(paraphrase.content, first.content);
    assert.ok(Number(paraphrase.score) >= 0.95 && Number(paraphrase.score) <= 1, `score ${paraphrase.score}`);
    assert.equal(upstreamCalls(), callsBefore);
    const event = await harness.events.waitForEvent(paraphrase.requestId);
    assert.equal(event.event.status, 'cached');
    assert.equal(event.event.cache, 'hit-semantic');
    assert.equal(event.event.cache_score?.toFixed(4), paraphrase.score);
  });

  test('near misses are refused: a different number, the opposite verb', async () => {
    await seed(harness, user('Set a timer for 10 minutes.'));
    await seed(harness, user('How do I enable 2FA?'));
    const callsBefore = upstreamCalls();
    const otherNumber = await chat(harness, user('Set a timer for 15 minutes.'));
    assert.equal(otherNumber.cache, 'miss');
    assert.equal(otherNumber.content, 'Echo: Set a timer for 15 minutes.');
    const opposite = await chat(harness, user('How do I disable 2FA?'));
    assert.equal(opposite.cache, 'miss');
    assert.equal(opposite.content, 'Echo: How do I disable 2FA?');
    assert.equal(upstreamCalls(), callsBefore + 2);
  });

  test('the system prompt, earlier turns and parameters scope the match', async () => {
    await seed(harness, user('How do I change my email address?'));
    const paraphrase = 'How can I change my email address?';
    assert.equal(
      (await chat(harness, [{ role: 'system', content: 'You are a pirate.' }, ...user(paraphrase)])).cache,
      'miss',
    );
    assert.equal(
      (await chat(harness, [...user('Hi'), { role: 'assistant', content: 'Hello!' }, ...user(paraphrase)])).cache,
      'miss',
    );
    assert.equal((await chat(harness, user(paraphrase), { temperature: 0 })).cache, 'miss');
    assert.equal((await chat(harness, user(paraphrase))).cache, 'hit-semantic');
  });

  test('x-sluice-cache: exact turns semantic matching off for one request', async () => {
    await seed(harness, user('How do I update my billing information?'));
    const { response } = await harness.fixture.client.chat.completions
      .create(
        { model: 'gpt-4o-mini', messages: user('How can I update my billing information?') },
        { headers: { 'x-sluice-cache': 'exact' } },
      )
      .withResponse();
    assert.equal(response.headers.get('x-sluice-cache'), 'miss');
  });
});

describe('semantic response cache embedding through the configured embeddings target', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness(
      `${SEMANTIC_CONFIG}embeddings: { provider: openai, model: text-embedding-3-small, dimensions: 64 }\n`,
    );
  });
  after(() => stopHarness(harness));

  test('lookups and writes embed with the provider, through the provider queue', async () => {
    const first = await seed(harness, user('What does Sluice do?'));
    assert.equal(
      harness.fixture.simulator.stats().lastPath,
      '/v1/embeddings',
      'the cache service embedded the question',
    );
    const callsBefore = harness.fixture.simulator.stats().requests;
    const again = await chat(harness, user('  What does Sluice do?  '));
    assert.equal(again.cache, 'hit-semantic', 'same text, differently spaced: an exact miss, a semantic hit');
    assert.equal(again.content, first.content);
    assert.equal(Number(again.score), 1);
    assert.equal(harness.fixture.simulator.stats().requests, callsBefore + 1, 'one embeddings call, no chat call');
    assert.equal((harness.fixture.simulator.stats().lastBody as { dimensions?: number }).dimensions, 64);
  });
});

describe('a semantic cache whose embedder is down', () => {
  test('answers every request from the provider, as misses, and never fails one', async () => {
    const chatProvider = await startOpenAISimulator();
    const brokenEmbeddings = await startOpenAISimulator({ knobs: { failStatus: 500 } });
    const gateway = await startTestGateway({
      configYaml: [
        'providers:',
        `  chat: { type: openai, base_url: '${chatProvider.url}', api_key: sk-chat, timeout_ms: 5000 }`,
        `  vectors: { type: openai, base_url: '${brokenEmbeddings.url}', api_key: sk-vectors, timeout_ms: 5000 }`,
        SEMANTIC_CONFIG.replace('provider: openai', 'provider: chat'),
        'embeddings: { provider: vectors, model: text-embedding-3-small, dimensions: 8 }',
      ].join('\n'),
    });
    try {
      const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
      for (const content of ['How do I reset my password?', 'How can I reset my password?']) {
        const { data, response } = await client.chat.completions
          .create({ model: 'gpt-4o-mini', messages: user(content) })
          .withResponse();
        assert.equal(response.headers.get('x-sluice-cache'), 'miss');
        assert.equal(data.choices[0]?.message.content, `Echo: ${content}`);
      }
      assert.equal(chatProvider.stats().requests, 2);
      assert.ok(brokenEmbeddings.stats().requests >= 2, 'the lookups tried to embed');
    } finally {
      await gateway.stop();
      await Promise.all([chatProvider.close(), brokenEmbeddings.close()]);
    }
  });
});
