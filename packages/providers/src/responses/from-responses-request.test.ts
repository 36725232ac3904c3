import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromResponsesRequest } from './from-responses-request';
import { ResponsesRequestSchema } from './responses-request-schema';

const translate = (body: unknown, history: unknown[] = []) =>
  fromResponsesRequest(
    ResponsesRequestSchema.parse(body),
    history.map((item) => item as never),
  );

describe('fromResponsesRequest', () => {
  test('a string input with instructions: a system message, then the user message', () => {
    const { chat } = translate({ model: 'm', input: 'hi', instructions: 'Be brief.' });
    assert.deepEqual(chat, {
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  test('history first, then input; function calls join the assistant turn, outputs become tool messages', () => {
    const { chat } = translate(
      {
        model: 'm',
        input: [
          { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
          { role: 'user', content: [{ type: 'input_text', text: 'and tomorrow?' }] },
        ],
      },
      [
        { type: 'message', role: 'user', content: 'weather?' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'opaque' },
        {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }],
        },
        { type: 'function_call', call_id: 'call_1', name: 'find', namespace: 'crm', arguments: '{}' },
      ],
    );
    assert.deepEqual(chat.messages, [
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'crm__find', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'user', content: [{ type: 'text', text: 'and tomorrow?' }] },
    ]);
  });

  test('images and files become chat parts; developer messages system messages', () => {
    const { chat } = translate({
      model: 'm',
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' },
          ],
        },
      ],
    });
    assert.deepEqual(chat.messages, [
      { role: 'system', content: 'rules' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' } },
        ],
      },
    ]);
  });

  test('tools: functions kept, namespaces flattened, built-in tools left out and named', () => {
    const translated = translate({
      model: 'm',
      input: 'x',
      tools: [
        { type: 'function', name: 'run', parameters: { type: 'object' }, strict: false },
        { type: 'web_search', external_web_access: false },
        { type: 'namespace', name: 'mcp__fs__', description: 'files', tools: [{ type: 'function', name: 'read' }] },
        { type: 'code_interpreter', container: { type: 'auto' } },
      ],
      tool_choice: { type: 'function', name: 'run' },
      parallel_tool_calls: false,
    });
    assert.deepEqual(translated.chat.tools, [
      { type: 'function', function: { name: 'run', parameters: { type: 'object' }, strict: false } },
      { type: 'function', function: { name: 'mcp__fs__read', parameters: { type: 'object', properties: {} } } },
    ]);
    assert.deepEqual(translated.chat.tool_choice, { type: 'function', function: { name: 'run' } });
    assert.equal(translated.chat.parallel_tool_calls, false);
    assert.deepEqual(translated.omittedTools, ['web_search', 'code_interpreter']);
    assert.deepEqual(translated.toolNames.get('mcp__fs__read'), { name: 'read', namespace: 'mcp__fs__' });
  });

  test('text.format, limits, sampling, effort and streaming; OpenAI-only and unknown fields are not sent', () => {
    const { chat } = translate({
      model: 'm',
      input: 'x',
      stream: true,
      text: { format: { type: 'json_schema', name: 'a', schema: { type: 'object' }, strict: true } },
      max_output_tokens: 50,
      temperature: 0.2,
      top_p: 0.5,
      reasoning: { effort: 'high', summary: 'auto' },
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: 'k',
      client_metadata: { a: 'b' },
    });
    assert.deepEqual(chat, {
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 0.5,
      max_completion_tokens: 50,
      reasoning_effort: 'high',
      response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' }, strict: true } },
    });
  });

  test('built-in tool call items are dropped; an item a translated account cannot take is a 400 naming it', () => {
    const { chat } = translate({
      model: 'm',
      input: [
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
        { role: 'user', content: 'so?' },
      ],
    });
    assert.deepEqual(chat.messages, [{ role: 'user', content: 'so?' }]);
    assert.throws(
      () => translate({ model: 'm', input: [{ type: 'computer_call', id: 'cu_1', call_id: 'c', action: {} }] }),
      (error: unknown) => (error as { param?: string }).param === 'input.0.type',
    );
  });

  test('a text message is read as its schema reads it: a malformed one is still a 400 naming it', () => {
    const { chat } = translate({
      model: 'm',
      input: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'developer', content: 'be brief' }],
    });
    assert.deepEqual(chat.messages, [{ role: 'system', content: 'be brief' }]);
    for (const malformed of [{ id: 5 }, { status: null }, { role: 'tool' }])
      assert.throws(
        () => translate({ model: 'm', input: [{ type: 'message', role: 'user', content: 'hi', ...malformed }] }),
        (error: unknown) => (error as { param?: string }).param === 'input.0',
        JSON.stringify(malformed),
      );
  });
});
