import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { toAnthropicRequest } from '../anthropic/to-anthropic-request';
import { ChatCompletionRequestSchema } from '../openai-chat-schema';
import { fromAnthropicMessagesRequest, translateAnthropicMessagesRequest } from './from-anthropic-messages-request';

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
    rejects({ mcp_servers: [] }, 'mcp_servers');
    rejects({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0.input_schema');
    rejects(
      {
        messages: [{ role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'https://a.b/c.png' } }] }],
      },
      'messages.0.content.0.type',
    );
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
          { role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'https://a.b/c.png' } }] },
        ],
      },
      'messages.0.content.0.type',
    );
  });

  it('carries system-role messages where they stand, tool_result images after the tool messages, text documents', () => {
    const { request } = translateAnthropicMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'list the files' },
        { role: 'system', content: 'Environment: linux' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a.png' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'a picture' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
              ],
            },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
          ],
        },
        {
          role: 'system',
          content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        },
      ],
    });
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'list the files' },
      { role: 'system', content: 'Environment: linux' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.png"}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: [{ type: 'text', text: 'a picture' }] },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
          { type: 'text', text: 'notes' },
        ],
      },
      { role: 'system', content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] },
    ]);
    assert.ok(ChatCompletionRequestSchema.safeParse(request).success);
  });

  it('leaves out the hints a translated target does without, and names them', () => {
    const translated = translateAnthropicMessagesRequest({
      ...base,
      thinking: { type: 'adaptive', display: 'omitted' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'medium' },
      tools: [
        { name: 'Bash', input_schema: { type: 'object' } },
        { name: 'Later', input_schema: { type: 'object' }, defer_loading: true },
      ],
    });
    assert.deepEqual(translated.omitted, [
      'thinking',
      'context_management',
      'tools.Later.defer_loading',
      'output_config.effort',
    ]);
    assert.deepEqual(
      translated.request.tools?.map((tool) => tool.function.name),
      ['Bash'],
    );
    assert.equal('thinking' in translated.request, false);
    assert.deepEqual(translateAnthropicMessagesRequest({ ...base, thinking: { type: 'disabled' } }).omitted, []);
  });
});

describe('what Claude Code sends', () => {
  it('translates, leaving out only the hints, every one named', () => {
    const captured = readJsonFixture('anthropic-inbound', 'claude-code-2.1.332-messages-request.json') as {
      body: Record<string, unknown>;
    };
    const { request, omitted } = translateAnthropicMessagesRequest(captured.body);
    assert.deepEqual(omitted, [
      'thinking',
      'context_management',
      'messages.1.output_config',
      'tools.DeferredToolPlaceholder.defer_loading',
      'output_config.effort',
    ]);
    assert.deepEqual(
      request.messages.map((message) => message.role),
      ['system', 'user', 'system', 'assistant', 'tool'],
    );
    assert.deepEqual(
      request.tools?.map((tool) => tool.function.name),
      ['Bash', 'Read'],
    );
    assert.ok(ChatCompletionRequestSchema.safeParse(request).success);
  });
});
