import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { fromAnthropicMessage } from '../anthropic/from-anthropic-message';
import { toAnthropicRequest } from '../anthropic/to-anthropic-request';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import { fromAnthropicMessagesRequest } from './from-anthropic-messages-request';
import { toAnthropicMessagesResponse } from './to-anthropic-messages-response';

const ephemeral = { type: 'ephemeral' };
const hour = { type: 'ephemeral', ttl: '1h' };
const pdf = { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' };

function translate(messages: unknown[], extra: Record<string, unknown> = {}) {
  return fromAnthropicMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 100, messages, ...extra });
}

describe('fromAnthropicMessagesRequest with prompt caching', () => {
  it('keeps cache_control on tools, system blocks and message blocks (the documented example)', () => {
    const request = fromAnthropicMessagesRequest(readJsonFixture('anthropic', 'messages-request-prompt-caching.json'));
    assert.deepEqual(request, readJsonFixture('anthropic-inbound', 'chat-request-prompt-caching.openai.json'));
    assert.ok(ChatCompletionRequestSchema.safeParse(request).success);
  });

  it('round-trips every breakpoint through the anthropic adapter unchanged', () => {
    const anthropicBody = readJsonFixture('anthropic', 'messages-request-prompt-caching.json') as Record<
      string,
      unknown
    >;
    const canonical = ChatCompletionRequestSchema.parse(fromAnthropicMessagesRequest(anthropicBody));
    assert.deepEqual(toAnthropicRequest(canonical, 'claude-sonnet-4-5'), anthropicBody);
  });

  it('keeps breakpoints on image, document, tool_use, tool_result, nested text and assistant text blocks', () => {
    const request = translate([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, cache_control: ephemeral },
          { type: 'document', source: pdf, cache_control: hour },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.', cache_control: ephemeral },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'a' }, cache_control: ephemeral },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '42', cache_control: ephemeral },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_2',
            content: [{ type: 'text', text: 'nested', cache_control: hour }],
          },
        ],
      },
    ]);
    assert.deepEqual(request.messages, [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/a.png' }, cache_control: ephemeral },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' }, cache_control: hour },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Checking.', cache_control: ephemeral }],
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'lookup', arguments: '{"q":"a"}' },
            cache_control: ephemeral,
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '42', cache_control: ephemeral },
      { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'nested', cache_control: hour }] },
    ]);
    assert.ok(ChatCompletionRequestSchema.safeParse(request).success);
  });

  it('carries automatic caching (a top-level cache_control) and leaves null breakpoints out', () => {
    const request = translate([{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: null }] }], {
      cache_control: ephemeral,
    });
    assert.deepEqual(request.cache_control, ephemeral);
    assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    assert.deepEqual(toAnthropicRequest(ChatCompletionRequestSchema.parse(request), 'claude').cache_control, ephemeral);
  });

  it('answers 400 naming a malformed breakpoint', () => {
    const block = (cacheControl: unknown) => [
      { role: 'user', content: [{ type: 'text', text: 'hi', cache_control: cacheControl }] },
    ];
    for (const cacheControl of [{ type: 'persistent' }, { type: 'ephemeral', ttl: '2h' }]) {
      assert.throws(
        () => translate(block(cacheControl)),
        (error: unknown) =>
          error instanceof InvalidRequestError && error.status === 400 && /cache_control/.test(error.message),
      );
    }
  });

  it('answers with the upstream cache reads and writes in Anthropic usage', () => {
    const upstream = readJsonFixture('anthropic', 'messages-response-cached.json');
    const message = toAnthropicMessagesResponse(fromAnthropicMessage(upstream), 'claude-sonnet-4-5');
    assert.deepEqual(message.usage, {
      input_tokens: 21,
      output_tokens: 393,
      cache_creation_input_tokens: 188086,
      cache_read_input_tokens: 0,
    });
  });
});
