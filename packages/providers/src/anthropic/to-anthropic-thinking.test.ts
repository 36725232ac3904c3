import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { type ChatCompletionRequest, ChatCompletionRequestSchema } from '../openai-chat-schema';
import { fromAnthropicMessage } from './from-anthropic-message';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, toAnthropicRequest } from './to-anthropic-request';
import { thinkingStyleOf } from './to-anthropic-thinking';

const BUDGET_MODEL = 'claude-sonnet-4-5-20250929';
const ADAPTIVE_MODEL = 'claude-opus-4-6';

function request(body: Record<string, unknown>): ChatCompletionRequest {
  return ChatCompletionRequestSchema.parse({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }], ...body });
}

const toolTurn = (reasoning?: unknown[]) => [
  { role: 'user', content: 'Weather in Paris?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    ...(reasoning ? { reasoning_details: reasoning } : {}),
  },
  { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
];

describe('reasoning_effort as Anthropic thinking', () => {
  it('knows which models take a budget, which adaptive thinking, and which cannot think', () => {
    for (const model of ['claude-3-7-sonnet-latest', 'claude-sonnet-4-20250514', 'claude-opus-4-1', BUDGET_MODEL])
      assert.equal(thinkingStyleOf(model), 'budget', model);
    for (const model of [ADAPTIVE_MODEL, 'claude-sonnet-4-6', 'claude-opus-4-7', 'a-model-sluice-does-not-know'])
      assert.equal(thinkingStyleOf(model), 'adaptive', model);
    assert.equal(thinkingStyleOf('claude-3-5-haiku-latest'), 'none');
  });

  it('a budget model thinks within max_tokens, which counts thinking too', () => {
    const unbounded = toAnthropicRequest(request({ reasoning_effort: 'high' }), BUDGET_MODEL);
    assert.deepEqual(unbounded.thinking, { type: 'enabled', budget_tokens: 16_384 });
    assert.equal(unbounded.max_tokens, 16_384 + DEFAULT_ANTHROPIC_MAX_TOKENS);
    const bounded = toAnthropicRequest(
      request({ reasoning_effort: 'high', max_completion_tokens: 5_000 }),
      BUDGET_MODEL,
    );
    assert.deepEqual(bounded.thinking, { type: 'enabled', budget_tokens: 4_999 });
    assert.equal(bounded.max_tokens, 5_000);
    const tooSmall = toAnthropicRequest(request({ reasoning_effort: 'low', max_tokens: 1_000 }), BUDGET_MODEL);
    assert.equal(tooSmall.thinking, undefined, 'no room for the 1,024-token minimum budget');
    assert.equal(tooSmall.max_tokens, 1_000);
  });

  it('an adaptive model gets adaptive thinking and the effort beside any output format', () => {
    const body = toAnthropicRequest(
      request({
        reasoning_effort: 'medium',
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
      }),
      ADAPTIVE_MODEL,
    );
    assert.deepEqual(body.thinking, { type: 'adaptive' });
    assert.deepEqual(body.output_config, {
      effort: 'medium',
      format: { type: 'json_schema', schema: { type: 'object' } },
    });
    assert.equal(body.max_tokens, DEFAULT_ANTHROPIC_MAX_TOKENS);
    assert.equal(
      toAnthropicRequest(request({ reasoning_effort: 'xhigh' }), ADAPTIVE_MODEL).output_config?.effort,
      'high',
    );
  });

  it('none, minimal and models that cannot think send no thinking', () => {
    for (const effort of ['none', 'minimal']) {
      const body = toAnthropicRequest(request({ reasoning_effort: effort }), ADAPTIVE_MODEL);
      assert.equal(body.thinking, undefined);
      assert.equal(body.output_config, undefined);
    }
    assert.equal(
      toAnthropicRequest(request({ reasoning_effort: 'high' }), 'claude-3-5-haiku-latest').thinking,
      undefined,
    );
  });

  it('sampling that thinking cannot use is a 400 naming it', () => {
    const rejects = (body: Record<string, unknown>, param: string) =>
      assert.throws(
        () => toAnthropicRequest(request({ reasoning_effort: 'low', ...body }), BUDGET_MODEL),
        (error: unknown) => error instanceof InvalidRequestError && error.param === param,
      );
    rejects({ temperature: 0.2 }, 'temperature');
    rejects({ top_k: 5 }, 'top_k');
    rejects(
      { tools: [{ type: 'function', function: { name: 'get_weather' } }], tool_choice: 'required' },
      'tool_choice',
    );
    assert.ok(toAnthropicRequest(request({ reasoning_effort: 'low', temperature: 1 }), BUDGET_MODEL).thinking);
  });

  it('hands signed thinking back first in its assistant turn, and thinks only when the tool turn carries it', () => {
    const signed = [
      { type: 'reasoning.text', text: 'Call the tool.', signature: 'sig_abc' },
      { type: 'reasoning.encrypted', data: 'redacted-bytes' },
      { type: 'reasoning.text', text: 'unsigned, from another provider' },
    ];
    const body = toAnthropicRequest(request({ reasoning_effort: 'low', messages: toolTurn(signed) }), BUDGET_MODEL);
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2_048 });
    assert.deepEqual(body.messages[1]?.content, [
      { type: 'thinking', thinking: 'Call the tool.', signature: 'sig_abc' },
      { type: 'redacted_thinking', data: 'redacted-bytes' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    const unsigned = toAnthropicRequest(request({ reasoning_effort: 'low', messages: toolTurn() }), BUDGET_MODEL);
    assert.equal(unsigned.thinking, undefined, 'Anthropic refuses thinking after a tool turn without its thinking');
  });

  it('reads thinking and redacted thinking back as reasoning_content and reasoning_details', () => {
    const completion = fromAnthropicMessage({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: BUDGET_MODEL,
      content: [
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig_1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Answer.' },
      ],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 9 },
    });
    const message = completion.choices[0]?.message;
    assert.equal(message?.content, 'Answer.');
    assert.equal(message?.reasoning_content, 'Let me think.');
    assert.deepEqual(message?.reasoning_details, [
      { type: 'reasoning.text', text: 'Let me think.', signature: 'sig_1' },
      { type: 'reasoning.encrypted', data: 'opaque' },
    ]);
  });
});
