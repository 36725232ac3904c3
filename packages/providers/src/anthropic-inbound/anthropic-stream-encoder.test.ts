import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Anthropic } from '@anthropic-ai/sdk';
import { readJsonFixture, readSseFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { AnthropicStreamEventSchema } from '../anthropic/anthropic-wire-schemas';
import { openAIAdapter } from '../openai/openai-adapter';
import type { ChatCompletionChunk } from '../openai-response-types';
import type { ProviderCallContext } from '../provider-adapter';
import { type AnthropicSseEvent, createAnthropicStreamEncoder } from './anthropic-stream-encoder';
import { fromAnthropicMessagesRequest } from './from-anthropic-messages-request';

const context: ProviderCallContext = { account: { type: 'openai' }, apiKey: 'sk-test', model: 'gpt-4o-mini' };

/** OpenAI chunks from a recorded OpenAI stream, read the way the openai adapter reads a live one. */
function openAIChunks(fixture: string): ChatCompletionChunk[] {
  const translator = openAIAdapter.createChatStreamTranslator(context);
  return readSseFixture('anthropic-inbound', fixture).flatMap((event) => translator.fromUpstreamEvent(event));
}

function encode(fixture: string, model = 'claude-3-5-haiku-latest'): AnthropicSseEvent[] {
  const encoder = createAnthropicStreamEncoder(model);
  return [...openAIChunks(fixture).flatMap((chunk) => encoder.encode(chunk)), ...encoder.finish()];
}

function toSse(events: AnthropicSseEvent[]): string {
  return events.map((event) => `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`).join('');
}

describe('createAnthropicStreamEncoder', () => {
  it('encodes a text stream as message_start, one text block, message_delta with usage, message_stop', () => {
    assert.deepEqual(
      encode('openai-stream-text.txt'),
      readJsonFixture('anthropic-inbound', 'messages-stream-text.expected.json'),
    );
  });

  it('closes the text block before each tool_use block and streams arguments as input_json_delta', () => {
    const events = encode('openai-stream-tool-calls.txt');
    for (const event of events) {
      assert.ok(AnthropicStreamEventSchema.safeParse(event.data).success, JSON.stringify(event.data));
      assert.equal(event.event, event.data.type);
    }
    const outline = events.map((event) => {
      const data = event.data as { type: string; index?: number; content_block?: { type: string } };
      return [data.type, data.index, data.content_block?.type].filter((part) => part !== undefined).join(':');
    });
    assert.deepEqual(
      outline.filter((line) => !line.startsWith('content_block_delta')),
      [
        'message_start',
        'content_block_start:0:text',
        'content_block_stop:0',
        'content_block_start:1:tool_use',
        'content_block_stop:1',
        'content_block_start:2:tool_use',
        'content_block_stop:2',
        'message_delta',
        'message_stop',
      ],
    );
    assert.deepEqual(events.at(-2)?.data, {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 40, input_tokens: 18, cache_creation_input_tokens: 0, cache_read_input_tokens: 64 },
    });
  });

  it('is read by the @anthropic-ai/sdk client as a complete message', async () => {
    let received: unknown;
    const client = new Anthropic({
      apiKey: 'sk-sluice-test',
      baseURL: 'http://sluice.test',
      maxRetries: 0,
      fetch: async (_url, init) => {
        received = fromAnthropicMessagesRequest(JSON.parse(String(init?.body)));
        return new Response(toSse(encode('openai-stream-tool-calls.txt', 'claude-sonnet-4-5')), {
          headers: { 'content-type': 'text/event-stream' },
        });
      },
    });
    const message = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Weather in Paris and Bogotá?' }],
        tools: [
          { name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } },
        ],
      })
      .finalMessage();
    assert.deepEqual((received as { stream_options?: unknown }).stream_options, { include_usage: true });
    assert.equal(message.model, 'claude-sonnet-4-5');
    assert.equal(message.stop_reason, 'tool_use');
    assert.deepEqual(
      message.content.map((block) =>
        block.type === 'text'
          ? block.text
          : block.type === 'tool_use'
            ? [block.id, block.name, block.input]
            : block.type,
      ),
      [
        'Let me look.',
        ['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', { location: 'Paris, France' }],
        ['call_Ag9HT5t8SiFz2pXs2H0ZyPsE', 'get_weather', { location: 'Bogotá, Colombia' }],
      ],
    );
    assert.equal(message.usage.output_tokens, 40);
    assert.equal(message.usage.input_tokens, 18);
    assert.equal(message.usage.cache_read_input_tokens, 64);
  });

  it("reads past relayed chunks without a delta (Azure's asynchronous content filter)", () => {
    const encoder = createAnthropicStreamEncoder('claude-3-5-haiku-latest');
    const relayed = JSON.parse(
      '{"choices":[{"content_filter_offsets":{"check_offset":0,"start_offset":0,"end_offset":5},"content_filter_results":{},"finish_reason":null,"index":0}],"created":0,"id":"","model":"","object":""}',
    ) as ChatCompletionChunk;
    assert.deepEqual(
      encoder.encode(relayed).map((event) => event.event),
      ['message_start'],
    );
  });

  it('ends an empty stream validly and only once', () => {
    const encoder = createAnthropicStreamEncoder('c');
    const events = encoder.finish();
    assert.deepEqual(
      events.map((event) => event.event),
      ['message_start', 'message_delta', 'message_stop'],
    );
    assert.deepEqual(encoder.finish(), []);
    assert.deepEqual(
      encoder.encode({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [] }),
      [],
    );
  });
});
