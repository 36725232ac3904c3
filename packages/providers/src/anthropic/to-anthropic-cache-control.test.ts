import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChatCompletionRequest, ChatCompletionRequestSchema } from '../openai-chat-schema';
import type { ProviderCallContext } from '../provider-adapter';
import { anthropicAdapter } from './anthropic-adapter';
import { toAnthropicRequest } from './to-anthropic-request';

const ephemeral = { type: 'ephemeral' };
const hour = { type: 'ephemeral', ttl: '1h' };
const context: ProviderCallContext = {
  account: { type: 'anthropic' },
  apiKey: 'sk-ant-test',
  model: 'claude-sonnet-4-5',
};

function request(body: Record<string, unknown>): ChatCompletionRequest {
  return ChatCompletionRequestSchema.parse({ model: 'claude', ...body });
}

describe('toAnthropicRequest with prompt caching', () => {
  it('sends breakpoints from OpenAI content parts, tool calls, tools and the request on the matching Anthropic blocks', () => {
    const body = toAnthropicRequest(
      request({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'A long manual.', cache_control: hour }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look:', cache_control: ephemeral },
              { type: 'image_url', image_url: { url: 'https://example.com/a.png' }, cache_control: ephemeral },
              {
                type: 'file',
                file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' },
                cache_control: ephemeral,
              },
            ],
          },
          {
            role: 'assistant',
            content: [{ type: 'text', text: 'Checking.', cache_control: ephemeral }],
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'lookup', arguments: '{}' },
                cache_control: ephemeral,
              },
            ],
          },
          {
            role: 'tool',
            tool_call_id: 'call_1',
            content: [{ type: 'text', text: 'found', cache_control: ephemeral }],
          },
        ],
        tools: [
          { type: 'function', function: { name: 'lookup', parameters: { type: 'object' } }, cache_control: hour },
        ],
        cache_control: ephemeral,
      }),
      'claude-sonnet-4-5',
    );
    assert.deepEqual(body.system, [{ type: 'text', text: 'A long manual.', cache_control: hour }]);
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:', cache_control: ephemeral },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, cache_control: ephemeral },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' },
            cache_control: ephemeral,
          },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.', cache_control: ephemeral },
          { type: 'tool_use', id: 'call_1', name: 'lookup', input: {}, cache_control: ephemeral },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'call_1',
            content: [{ type: 'text', text: 'found', cache_control: ephemeral }],
          },
        ],
      },
    ]);
    assert.deepEqual(body.tools, [{ name: 'lookup', input_schema: { type: 'object' }, cache_control: hour }]);
    assert.deepEqual(body.cache_control, ephemeral);
  });

  it("puts a message-level breakpoint (LiteLLM's form) on the message's last block, unless that block has its own", () => {
    const body = toAnthropicRequest(
      request({
        messages: [
          { role: 'system', content: 'Be brief.', cache_control: hour },
          { role: 'user', content: 'First question', cache_control: ephemeral },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '42', cache_control: ephemeral },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b', cache_control: hour },
            ],
            cache_control: ephemeral,
          },
        ],
      }),
      'claude-sonnet-4-5',
    );
    assert.deepEqual(body.system, [{ type: 'text', text: 'Be brief.', cache_control: hour }]);
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'First question', cache_control: ephemeral }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'lookup', input: {} }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '42', cache_control: ephemeral },
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b', cache_control: hour },
        ],
      },
    ]);
  });

  it('sends no cache_control when the request has none', () => {
    const upstream = anthropicAdapter.toChatRequest(
      request({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        tools: [{ type: 'function', function: { name: 'f' } }],
      }),
      context,
    );
    assert.doesNotMatch(upstream.body ?? '', /cache_control/);
    assert.equal((JSON.parse(upstream.body ?? '{}') as { system: unknown }).system, 'Be brief.');
  });
});
