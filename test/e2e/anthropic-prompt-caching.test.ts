/**
 * Prompt caching end to end: `cache_control` breakpoints sent by the official @anthropic-ai/sdk (and by
 * OpenAI-style clients, in LiteLLM's form) reach an Anthropic upstream on the same blocks, the upstream's
 * cache reads and writes come back in usage, and no other provider is sent the field.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import { type MixedProviderGateway, startMixedProviderGateway } from '../helpers/mixed-provider-gateway';

const hour = { type: 'ephemeral', ttl: '1h' } as const;
const ephemeral = { type: 'ephemeral' } as const;
/** Sluice's own exact cache would answer a repeat without calling the provider. */
const noSluiceCache = { headers: { 'x-sluice-cache': 'off' } };

const tools: Tool[] = [
  {
    name: 'lookup',
    description: 'Looks a thing up',
    input_schema: { type: 'object', properties: { echo: { type: 'string' } } },
  },
  {
    name: 'clock',
    description: 'Tells the time',
    input_schema: { type: 'object', properties: {} },
    cache_control: hour,
  },
];

/** A conversation with a breakpoint on the last tool, the long system block, a tool result and the last question. */
function cachedConversation(model: string): MessageCreateParamsNonStreaming {
  return {
    model,
    max_tokens: 256,
    tools,
    tool_choice: { type: 'none' },
    system: [
      { type: 'text', text: 'You answer questions about the manual.' },
      { type: 'text', text: `The manual: ${'All work and no play. '.repeat(40)}`, cache_control: hour },
    ],
    messages: [
      { role: 'user', content: 'What does the manual say?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'lookup', input: { echo: 'manual' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01', content: 'It repeats itself.', cache_control: ephemeral },
          { type: 'text', text: 'Summarise it in one line.', cache_control: ephemeral },
        ],
      },
    ],
  };
}

type Body = Record<string, unknown>;
type Block = Record<string, unknown>;

describe('prompt caching through Sluice', () => {
  let mixed: MixedProviderGateway;
  let client: Anthropic;
  const lastBody = (simulator: keyof MixedProviderGateway['simulators']) =>
    mixed.simulators[simulator].stats().lastBody as Body;

  before(async () => {
    mixed = await startMixedProviderGateway();
    client = new Anthropic({ baseURL: mixed.gateway.url, apiKey: 'unused-in-development-mode', maxRetries: 0 });
  });
  after(async () => mixed.stop());
  beforeEach(() => mixed.reset());

  test('an Anthropic upstream receives each breakpoint on its block; a repeat reads the cache', async () => {
    const first = await client.messages.create(cachedConversation('claude/claude-haiku-4-5'), noSluiceCache);
    const sent = lastBody('anthropic');
    const system = sent.system as Block[];
    const messages = sent.messages as { role: string; content: Block[] }[];
    const lastTurn = messages.at(-1)?.content ?? [];
    assert.deepEqual(
      (sent.tools as Block[]).map((tool) => tool.cache_control),
      [undefined, hour],
    );
    assert.deepEqual(
      system.map((block) => block.cache_control),
      [undefined, hour],
    );
    assert.deepEqual(
      lastTurn.map((block) => [block.type, block.cache_control]),
      [
        ['tool_result', ephemeral],
        ['text', ephemeral],
      ],
    );
    assert.equal(JSON.stringify(sent).match(/"cache_control"/g)?.length, 4, 'no other block carries one');
    assert.ok((first.usage.cache_creation_input_tokens ?? 0) > 0, 'the first call writes the cache');
    assert.equal(first.usage.cache_read_input_tokens, 0);

    const second = await client.messages.create(cachedConversation('claude/claude-haiku-4-5'), noSluiceCache);
    assert.ok((second.usage.cache_read_input_tokens ?? 0) > 0, 'the repeat reads the cache');
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.input_tokens, first.usage.input_tokens);

    const streamed = await client.messages
      .stream(cachedConversation('claude/claude-haiku-4-5'), noSluiceCache)
      .finalMessage();
    assert.equal(streamed.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens, 'streamed usage too');
  });

  test('automatic caching (a top-level cache_control) reaches an Anthropic upstream as it was sent', async () => {
    await client.messages.create(
      {
        model: 'claude/claude-haiku-4-5',
        max_tokens: 64,
        cache_control: ephemeral,
        messages: [{ role: 'user', content: 'cache me' }],
      },
      noSluiceCache,
    );
    assert.deepEqual(lastBody('anthropic').cache_control, ephemeral);
  });

  for (const [simulator, model] of [
    ['openai', 'oai/gpt-4o-mini'],
    ['azure', 'az/gpt-4o-mini'],
    ['gemini', 'gem/gemini-2.5-flash'],
  ] as const) {
    test(`the same request served by ${simulator} sends no cache_control upstream`, async () => {
      const message = await client.messages.create(
        { ...cachedConversation(model), cache_control: ephemeral },
        noSluiceCache,
      );
      assert.equal(message.type, 'message');
      assert.equal(mixed.simulators[simulator].stats().requests, 1);
      assert.doesNotMatch(JSON.stringify(lastBody(simulator)), /cache_control/);
      assert.equal(message.usage.cache_read_input_tokens, 0);
    });
  }

  test("an OpenAI-style request with LiteLLM's breakpoints is cached by Anthropic and reports cached_tokens", async () => {
    const body = {
      model: 'claude/claude-haiku-4-5',
      messages: [
        {
          role: 'system',
          content: [{ type: 'text', text: `Context: ${'lorem ipsum '.repeat(50)}`, cache_control: hour }],
        },
        { role: 'user', content: 'Any news?', cache_control: ephemeral },
      ],
    };
    const post = async () => {
      const response = await fetch(`${mixed.gateway.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...noSluiceCache.headers },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as {
        usage: { prompt_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
      };
    };
    const first = await post();
    const sent = lastBody('anthropic');
    assert.deepEqual((sent.system as Block[])[0]?.cache_control, hour);
    assert.deepEqual((sent.messages as { content: Block[] }[])[0]?.content, [
      { type: 'text', text: 'Any news?', cache_control: ephemeral },
    ]);
    assert.equal(first.usage.prompt_tokens_details?.cached_tokens, 0);
    const second = await post();
    assert.ok((second.usage.prompt_tokens_details?.cached_tokens ?? 0) > 0);
    assert.equal(second.usage.prompt_tokens, first.usage.prompt_tokens);
  });
});
