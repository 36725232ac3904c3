import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Anthropic } from '@anthropic-ai/sdk';
import { UpstreamError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { AnthropicMessageSchema } from '../anthropic/anthropic-wire-schemas';
import type { ChatCompletion } from '../openai-response-types';
import { toAnthropicMessagesResponse } from './to-anthropic-messages-response';

function completion(
  message: ChatCompletion['choices'][number]['message'],
  finishReason: ChatCompletion['choices'][number]['finish_reason'],
): ChatCompletion {
  return {
    id: 'msg_01',
    object: 'chat.completion',
    created: 0,
    model: 'm',
    choices: [{ index: 0, message, finish_reason: finishReason }],
  };
}

describe('toAnthropicMessagesResponse', () => {
  it('translates text, tool calls and cached usage into an Anthropic Message', () => {
    const openAI = readJsonFixture('anthropic-inbound', 'openai-chat-completion-tool-calls.json') as ChatCompletion;
    const message = toAnthropicMessagesResponse(openAI, 'claude-opus-4-1');
    assert.deepEqual(message, readJsonFixture('anthropic-inbound', 'messages-response-tool-use.json'));
    assert.ok(AnthropicMessageSchema.safeParse(message).success);
  });

  it('maps finish reasons to stop reasons', () => {
    const cases = [
      ['stop', 'end_turn'],
      ['length', 'max_tokens'],
      ['tool_calls', 'tool_use'],
      ['content_filter', 'refusal'],
      [null, 'end_turn'],
    ] as const;
    for (const [finishReason, stopReason] of cases) {
      assert.equal(
        toAnthropicMessagesResponse(completion({ role: 'assistant', content: 'x' }, finishReason), 'c').stop_reason,
        stopReason,
      );
    }
  });

  it('keeps an msg_ id, answers a refusal as text, and zero usage when none came', () => {
    const message = toAnthropicMessagesResponse(
      completion({ role: 'assistant', content: null, refusal: 'I can’t help with that.' }, 'stop'),
      'c',
    );
    assert.equal(message.id, 'msg_01');
    assert.deepEqual(message.content, [{ type: 'text', text: 'I can’t help with that.' }]);
    assert.deepEqual(message.usage, {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it('answers 502 when the model’s tool arguments are not a JSON object', () => {
    const bad = completion(
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
      },
      'tool_calls',
    );
    assert.throws(
      () => toAnthropicMessagesResponse(bad, 'c'),
      (error: unknown) => error instanceof UpstreamError && error.status === 502,
    );
  });

  it('is read by the @anthropic-ai/sdk client', async () => {
    const openAI = readJsonFixture('anthropic-inbound', 'openai-chat-completion-tool-calls.json') as ChatCompletion;
    const client = new Anthropic({
      apiKey: 'sk-sluice-test',
      baseURL: 'http://sluice.test',
      maxRetries: 0,
      fetch: async () => Response.json(toAnthropicMessagesResponse(openAI, 'claude-opus-4-1')),
    });
    const message = await client.messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.content.length, 3);
    assert.equal(message.usage.cache_read_input_tokens, 1920);
  });
});
