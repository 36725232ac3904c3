import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chatCompletionOfResponse } from './chat-completion-of-response';

/** A response object as api.openai.com writes it (a web search, then text), trimmed to the fields that matter here. */
const response = {
  id: 'resp_1',
  object: 'response',
  created_at: 1_733_500_000,
  status: 'completed',
  model: 'gpt-4o-mini-2024-07-18',
  output: [
    { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search' } },
    {
      id: 'msg_1',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [
        { type: 'output_text', text: 'Hello ', annotations: [] },
        { type: 'output_text', text: 'there', annotations: [] },
      ],
    },
  ],
  usage: {
    input_tokens: 12,
    input_tokens_details: { cached_tokens: 4 },
    output_tokens: 3,
    output_tokens_details: { reasoning_tokens: 1 },
    total_tokens: 15,
  },
};

describe('chatCompletionOfResponse', () => {
  test('the text of the message items, the model and the usage, in chat form', () => {
    assert.deepEqual(chatCompletionOfResponse(response), {
      id: 'resp_1',
      object: 'chat.completion',
      created: 1_733_500_000,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 3,
        total_tokens: 15,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 1 },
      },
    });
  });

  test('function calls become tool calls; a response cut at its limit finishes with length', () => {
    const call = { id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":1}' };
    const called = chatCompletionOfResponse({ ...response, output: [call], usage: null });
    assert.deepEqual(called?.choices[0], {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }],
      },
      finish_reason: 'tool_calls',
    });
    assert.equal(called?.usage, undefined);
    assert.equal(chatCompletionOfResponse({ ...response, status: 'incomplete' })?.choices[0]?.finish_reason, 'length');
  });

  test('anything but a response object has no chat form', () => {
    assert.equal(chatCompletionOfResponse({ ...response, object: 'chat.completion' }), undefined);
    assert.equal(chatCompletionOfResponse('{"object":"response"}'), undefined);
    assert.equal(chatCompletionOfResponse(undefined), undefined);
  });
});
