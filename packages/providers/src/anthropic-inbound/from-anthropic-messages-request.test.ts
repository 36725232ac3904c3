import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { toAnthropicRequest } from '../anthropic/to-anthropic-request';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import { fromAnthropicMessagesRequest } from './from-anthropic-messages-request';

const base = { model: 'claude-3-5-haiku-latest', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };

function rejects(body: Record<string, unknown>, param: string): void {
  assert.throws(
    () => fromAnthropicMessagesRequest({ ...base, ...body }),
    (error: unknown) => error instanceof InvalidRequestError && error.status === 400 && error.param === param,
  );
}

describe('fromAnthropicMessagesRequest', () => {
  it('translates system, images, thinking, tool use, tool results, tools and sampling into an OpenAI request', () => {
    const request = fromAnthropicMessagesRequest(
      readJsonFixture('anthropic-inbound', 'messages-request-tool-use.json'),
    );
    assert.deepEqual(request, readJsonFixture('anthropic-inbound', 'chat-request-tool-use.openai.json'));
    assert.ok(ChatCompletionRequestSchema.safeParse(request).success);
  });

  it('round-trips through the anthropic adapter unchanged', () => {
    const anthropicBody = readJsonFixture('anthropic', 'messages-request-multi-turn.json') as Record<string, unknown>;
    const canonical = ChatCompletionRequestSchema.parse(fromAnthropicMessagesRequest(anthropicBody));
    assert.deepEqual(toAnthropicRequest(canonical, 'claude-sonnet-4-20250514'), anthropicBody);
  });

  it('maps tool_choice any, tool and none, and output_config.format to response_format json_schema', () => {
    const tools = [{ name: 'get_weather', input_schema: { type: 'object' } }];
    assert.equal(
      fromAnthropicMessagesRequest({ ...base, tools, tool_choice: { type: 'any' } }).tool_choice,
      'required',
    );
    assert.equal(fromAnthropicMessagesRequest({ ...base, tools, tool_choice: { type: 'none' } }).tool_choice, 'none');
    assert.deepEqual(
      fromAnthropicMessagesRequest({ ...base, tools, tool_choice: { type: 'tool', name: 'get_weather' } }).tool_choice,
      {
        type: 'function',
        function: { name: 'get_weather' },
      },
    );
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    assert.deepEqual(
      fromAnthropicMessagesRequest({ ...base, output_config: { format: { type: 'json_schema', schema } } })
        .response_format,
      {
        type: 'json_schema',
        json_schema: { name: 'output', schema, strict: true },
      },
    );
  });

  it('keeps a string message as a string, maps a PDF to a file part, and ignores service_tier', () => {
    const request = fromAnthropicMessagesRequest({
      ...base,
      service_tier: 'auto',
      messages: [
        {
          role: 'user',
          content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } }],
        },
        { role: 'assistant', content: 'Read it.' },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } }] },
      { role: 'assistant', content: 'Read it.' },
    ]);
    assert.equal(request.stream, undefined);
  });

  it('answers 400 naming what has no OpenAI form', () => {
    rejects({ thinking: { type: 'enabled', budget_tokens: 2048 } }, 'thinking');
    rejects({ mcp_servers: [] }, 'mcp_servers');
    rejects({ output_config: { effort: 'high' } }, 'output_config.effort');
    rejects({ max_tokens: undefined }, 'max_tokens');
    rejects({ temperature: 1.5 }, 'temperature');
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x' }] }] },
      'messages.0.content.0.type',
    );
    rejects(
      {
        messages: [
          { role: 'user', content: [{ type: 'document', source: { type: 'url', url: 'https://a.b/c.pdf' } }] },
        ],
      },
      'messages.0.content.0.source',
    );
    rejects(
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [{ type: 'image', source: { type: 'url', url: 'https://a.b/c.png' } }],
              },
            ],
          },
        ],
      },
      'messages.0.content.0.content.0.type',
    );
    rejects(
      {
        messages: [
          { role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'https://a.b/c.png' } }] },
        ],
      },
      'messages.0.content.0.type',
    );
  });
});
