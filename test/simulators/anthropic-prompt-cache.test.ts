/**
 * The Anthropic simulator's prompt cache, through the official `@anthropic-ai/sdk`: cache writes on the
 * first request with breakpoints, reads on a repeat of the same prefix, in JSON and in SSE usage.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, Usage } from '@anthropic-ai/sdk/resources/messages';
import { startAnthropicSimulator } from './anthropic-simulator';
import type { RunningSimulator } from './start-simulator';

const model = 'claude-haiku-4-5';
/** 400 + 40 + 20 characters: 100 + 10 + 5 tokens. */
const system = 'S'.repeat(400);
const question = 'Q'.repeat(40);
const tail = 'T'.repeat(20);

const cachedRequest: MessageCreateParamsNonStreaming = {
  model,
  max_tokens: 100,
  system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral', ttl: '1h' } }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: question, cache_control: { type: 'ephemeral' } },
        { type: 'text', text: tail },
      ],
    },
  ],
};

function cacheCounts(usage: Usage) {
  return {
    input: usage.input_tokens,
    read: usage.cache_read_input_tokens,
    creation: usage.cache_creation_input_tokens,
    creation5m: usage.cache_creation?.ephemeral_5m_input_tokens,
    creation1h: usage.cache_creation?.ephemeral_1h_input_tokens,
  };
}

describe('anthropic simulator prompt cache', () => {
  let simulator: RunningSimulator;
  let client: Anthropic;

  before(async () => {
    simulator = await startAnthropicSimulator();
    client = new Anthropic({ baseURL: simulator.url, apiKey: 'sk-ant-test', maxRetries: 0 });
  });
  after(() => simulator.close());
  beforeEach(() => simulator.reset());

  test('the first request writes each breakpoint’s prefix, a repeat reads it', async () => {
    const first = await client.messages.create(cachedRequest);
    assert.deepEqual(cacheCounts(first.usage), { input: 5, read: 0, creation: 110, creation5m: 10, creation1h: 100 });
    const second = await client.messages.create(cachedRequest);
    assert.deepEqual(cacheCounts(second.usage), { input: 5, read: 110, creation: 0, creation5m: 0, creation1h: 0 });
  });

  test('a longer conversation reads the earlier prefix and writes only what is new', async () => {
    await client.messages.create(cachedRequest);
    const next = await client.messages.create({
      ...cachedRequest,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: question },
            { type: 'text', text: tail },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'A'.repeat(40) }] },
        { role: 'user', content: [{ type: 'text', text: 'R'.repeat(40), cache_control: { type: 'ephemeral' } }] },
      ],
    });
    assert.deepEqual(cacheCounts(next.usage), { input: 0, read: 110, creation: 25, creation5m: 25, creation1h: 0 });
  });

  test('the streamed message_start and message_delta carry the same counts', async () => {
    await client.messages.create(cachedRequest);
    const stream = await client.messages.create({ ...cachedRequest, stream: true });
    const seen: { input: number | null | undefined; read: number | null | undefined }[] = [];
    for await (const event of stream) {
      if (event.type === 'message_start')
        seen.push({ input: event.message.usage.input_tokens, read: event.message.usage.cache_read_input_tokens });
      if (event.type === 'message_delta')
        seen.push({ input: event.usage.input_tokens, read: event.usage.cache_read_input_tokens });
    }
    assert.deepEqual(seen, [
      { input: 5, read: 110 },
      { input: 5, read: 110 },
    ]);
  });

  test('no breakpoints, another model, count_tokens and reset() leave the cache out', async () => {
    const plain = await client.messages.create({
      ...cachedRequest,
      system,
      messages: [{ role: 'user', content: question }],
    });
    assert.deepEqual(cacheCounts(plain.usage), { input: 110, read: 0, creation: 0, creation5m: 0, creation1h: 0 });
    await client.messages.countTokens({ model, system: cachedRequest.system, messages: cachedRequest.messages });
    const first = await client.messages.create(cachedRequest);
    assert.equal(first.usage.cache_read_input_tokens, 0, 'count_tokens wrote nothing');
    const otherModel = await client.messages.create({ ...cachedRequest, model: 'claude-sonnet-4-6' });
    assert.equal(otherModel.usage.cache_read_input_tokens, 0);
    simulator.reset();
    const afterReset = await client.messages.create(cachedRequest);
    assert.equal(afterReset.usage.cache_read_input_tokens, 0);
    assert.equal(afterReset.usage.cache_creation_input_tokens, 110);
  });
});
