import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { type ChatCompletionRequest, ChatCompletionRequestSchema } from '../openai-chat-schema';
import { SKIP_THOUGHT_SIGNATURE } from './to-gemini-contents';
import { toGeminiRequest } from './to-gemini-request';

const MODEL = 'gemini-2.0-flash';

function request(body: Record<string, unknown>): ChatCompletionRequest {
  return ChatCompletionRequestSchema.parse({
    model: 'gemini',
    messages: [{ role: 'user', content: 'Hello' }],
    ...body,
  });
}

function rejects(body: Record<string, unknown>, param: string): void {
  assert.throws(
    () => toGeminiRequest(request(body), MODEL),
    (error: unknown) => error instanceof InvalidRequestError && error.status === 400 && error.param === param,
  );
}

const toolCallHistory = [
  { role: 'user', content: 'What time is it?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_time', arguments: '' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: '[1, 2]' },
];

describe('toGeminiRequest', () => {
  it('translates a multi-turn conversation with system, media, tools, tool results and generationConfig', () => {
    const openAI = ChatCompletionRequestSchema.parse(readJsonFixture('gemini', 'chat-request-multi-turn.openai.json'));
    assert.deepEqual(
      toGeminiRequest(openAI, MODEL),
      readJsonFixture('gemini', 'generate-content-request-multi-turn.json'),
    );
  });

  it('sends only contents for a bare request', () => {
    assert.deepEqual(toGeminiRequest(request({}), MODEL), { contents: [{ role: 'user', parts: [{ text: 'Hello' }] }] });
  });

  it('maps tool_choice auto, none and required, and json_object to a JSON mime type', () => {
    const tools = [{ type: 'function', function: { name: 'get_time' } }];
    assert.deepEqual(toGeminiRequest(request({ tools, tool_choice: 'auto' }), MODEL).toolConfig, {
      functionCallingConfig: { mode: 'AUTO' },
    });
    assert.deepEqual(toGeminiRequest(request({ tools, tool_choice: 'none' }), MODEL).toolConfig, {
      functionCallingConfig: { mode: 'NONE' },
    });
    assert.deepEqual(toGeminiRequest(request({ tools, tool_choice: 'required' }), MODEL).toolConfig, {
      functionCallingConfig: { mode: 'ANY' },
    });
    assert.deepEqual(toGeminiRequest(request({ response_format: { type: 'json_object' } }), MODEL).generationConfig, {
      responseMimeType: 'application/json',
    });
    assert.deepEqual(toGeminiRequest(request({ max_completion_tokens: 50, stop: 'END' }), MODEL).generationConfig, {
      maxOutputTokens: 50,
      stopSequences: ['END'],
    });
  });

  it('answers a function by the name of the call it replies to, wrapping non-object output', () => {
    const body = toGeminiRequest(request({ messages: toolCallHistory }), MODEL);
    assert.deepEqual(body.contents[2], {
      role: 'user',
      parts: [{ functionResponse: { name: 'get_time', response: { output: [1, 2] } } }],
    });
    assert.equal(body.contents[1]?.parts[0]?.thoughtSignature, undefined);
  });

  it('maps reasoning_effort to a thinking budget (Gemini 2.5) or level (Gemini 3), asking for thought summaries', () => {
    const thinking = (effort: string, model: string) =>
      toGeminiRequest(request({ reasoning_effort: effort }), model).generationConfig?.thinkingConfig;
    assert.deepEqual(thinking('low', 'gemini-2.5-flash'), { thinkingBudget: 1_024, includeThoughts: true });
    assert.deepEqual(thinking('high', 'gemini-2.5-flash'), { thinkingBudget: 24_576, includeThoughts: true });
    assert.deepEqual(thinking('none', 'gemini-2.5-flash'), { thinkingBudget: 0 });
    assert.deepEqual(thinking('none', 'gemini-2.5-pro'), { thinkingBudget: 128 });
    assert.deepEqual(thinking('medium', 'gemini-3-pro-preview'), { thinkingLevel: 'high', includeThoughts: true });
    assert.deepEqual(thinking('minimal', 'gemini-3-pro-preview'), { thinkingLevel: 'low', includeThoughts: true });
    assert.deepEqual(thinking('medium', 'gemini-3-flash-preview'), { thinkingLevel: 'medium', includeThoughts: true });
    assert.equal(toGeminiRequest(request({}), MODEL).generationConfig, undefined);
  });

  it('signs replayed function calls for Gemini 3 models, which reject unsigned ones', () => {
    const body = toGeminiRequest(request({ messages: toolCallHistory }), 'gemini-3-pro-preview');
    assert.deepEqual(body.contents[1]?.parts, [
      { functionCall: { name: 'get_time', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
    ]);
  });

  it('answers 400 naming each parameter Gemini cannot honour', () => {
    rejects({ logprobs: true }, 'logprobs');
    rejects({ top_logprobs: 2 }, 'top_logprobs');
    rejects({ logit_bias: { '1': 5 } }, 'logit_bias');
    rejects({ reasoning_effort: 'extreme' }, 'reasoning_effort');
    rejects({ audio: { voice: 'alloy', format: 'mp3' } }, 'audio');
    rejects(
      { tools: [{ type: 'function', function: { name: 'f' } }], parallel_tool_calls: false },
      'parallel_tool_calls',
    );
    rejects({ tool_choice: 'required' }, 'tool_choice');
    rejects({ response_format: { type: 'xml' } }, 'response_format.type');
  });

  it('answers 400 for a tool message that answers no earlier call, and for unreadable parts', () => {
    rejects(
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'tool', tool_call_id: 'call_missing', content: 'x' },
        ],
      },
      'messages.1.tool_call_id',
    );
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] },
      'messages.0.content.0.file.file_id',
    );
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'video_url', video_url: 'x' }] }] },
      'messages.0.content.0.type',
    );
    rejects(
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] },
      'messages.0.content.0.image_url.url',
    );
  });
});
