import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { type ChatCompletionRequest, ChatCompletionRequestSchema } from '../openai-chat-schema';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, toAnthropicRequest } from './to-anthropic-request';

const MODEL = 'claude-sonnet-4-20250514';

function request(body: Record<string, unknown>): ChatCompletionRequest {
  return ChatCompletionRequestSchema.parse({
    model: 'claude',
    messages: [{ role: 'user', content: 'Hello' }],
    ...body,
  });
}

function rejects(body: Record<string, unknown>, param: string): void {
  assert.throws(
    () => toAnthropicRequest(request(body), MODEL),
    (error: unknown) => error instanceof InvalidRequestError && error.status === 400 && error.param === param,
  );
}

describe('toAnthropicRequest', () => {
  it('translates a multi-turn conversation with system, images, tools and tool results', () => {
    const openAI = ChatCompletionRequestSchema.parse(
      readJsonFixture('anthropic', 'chat-request-multi-turn.openai.json'),
    );
    assert.deepEqual(
      toAnthropicRequest(openAI, MODEL),
      readJsonFixture('anthropic', 'messages-request-multi-turn.json'),
    );
  });

  it('defaults max_tokens to 4096 and takes max_tokens when max_completion_tokens is absent', () => {
    assert.equal(toAnthropicRequest(request({}), MODEL).max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
    assert.equal(DEFAULT_ANTHROPIC_MAX_TOKENS, 4096);
    assert.equal(toAnthropicRequest(request({ max_tokens: 300 }), MODEL).max_tokens, 300);
  });

  it('sends a single system message as a string and a string stop as one stop sequence', () => {
    const body = toAnthropicRequest(
      request({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        stop: 'END',
      }),
      MODEL,
    );
    assert.equal(body.system, 'Be brief.');
    assert.deepEqual(body.stop_sequences, ['END']);
    assert.deepEqual(body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
    assert.equal(body.stream, undefined);
  });

  it('maps tool_choice auto, none and a named function', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather' } }];
    assert.deepEqual(toAnthropicRequest(request({ tools, tool_choice: 'auto' }), MODEL).tool_choice, { type: 'auto' });
    assert.deepEqual(toAnthropicRequest(request({ tools, tool_choice: 'none' }), MODEL).tool_choice, { type: 'none' });
    assert.deepEqual(
      toAnthropicRequest(
        request({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }),
        MODEL,
      ).tool_choice,
      { type: 'tool', name: 'get_weather' },
    );
    const withoutChoice = toAnthropicRequest(request({ tools }), MODEL);
    assert.equal(withoutChoice.tool_choice, undefined);
    assert.deepEqual(withoutChoice.tools, [{ name: 'get_weather', input_schema: { type: 'object' } }]);
  });

  it('maps response_format json_schema to output_config and a base64 PDF file part to a document block', () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    };
    const body = toAnthropicRequest(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0xLjQ=', filename: 'a.pdf' } },
            ],
          },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
        top_k: 40,
      }),
      MODEL,
    );
    assert.deepEqual(body.output_config, { format: { type: 'json_schema', schema } });
    assert.equal(body.top_k, 40);
    assert.deepEqual(body.messages[0]?.content, [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' } },
    ]);
  });

  it('accepts parameters at their neutral values and ignores harmless ones', () => {
    const body = toAnthropicRequest(
      request({
        n: 1,
        logprobs: false,
        presence_penalty: 0,
        frequency_penalty: 0,
        stream_options: { include_usage: true },
        store: false,
        parallel_tool_calls: true,
      }),
      MODEL,
    );
    assert.equal(body.model, MODEL);
  });

  it('answers 400 naming each parameter Anthropic cannot honour', () => {
    rejects({ n: 2 }, 'n');
    rejects({ logprobs: true }, 'logprobs');
    rejects({ top_logprobs: 3 }, 'top_logprobs');
    rejects({ presence_penalty: 0.5 }, 'presence_penalty');
    rejects({ frequency_penalty: 1 }, 'frequency_penalty');
    rejects({ logit_bias: { '50256': -100 } }, 'logit_bias');
    rejects({ seed: 7 }, 'seed');
    rejects({ reasoning_effort: 'extreme' }, 'reasoning_effort');
    rejects({ modalities: ['text', 'audio'] }, 'modalities');
    rejects({ temperature: 1.5 }, 'temperature');
    rejects({ response_format: { type: 'json_object' } }, 'response_format');
    rejects({ tool_choice: 'required' }, 'tool_choice');
    rejects({ top_k: -1 }, 'top_k');
  });

  it('answers 400 naming the message part Anthropic cannot read', () => {
    rejects(
      {
        messages: [
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }] },
        ],
      },
      'messages.0.content.0.type',
    );
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://example.com/a.png' } }] }] },
      'messages.0.content.0.image_url.url',
    );
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] },
      'messages.0.content.0.file.file_id',
    );
    rejects({ messages: [{ role: 'function', name: 'f', content: 'x' }] }, 'messages.0.role');
    rejects(
      { messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://a.b/c.png' } }] }] },
      'messages.0.content.0.type',
    );
    rejects(
      {
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{not json' } }],
          },
        ],
      },
      'messages.1.tool_calls.0.function.arguments',
    );
  });
});
