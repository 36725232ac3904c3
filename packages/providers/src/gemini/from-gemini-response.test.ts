import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPSTREAM_INVALID_RESPONSE, UpstreamError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import type { ProviderCallContext } from '../provider-adapter';
import { fromGeminiResponse } from './from-gemini-response';

const context: ProviderCallContext = { account: { type: 'gemini' }, apiKey: 'key', model: 'gemini-2.0-flash' };

describe('fromGeminiResponse', () => {
  it('translates a text answer with its usage', () => {
    const completion = fromGeminiResponse(readJsonFixture('gemini', 'generate-content-response-text.json'), context);
    assert.equal(completion.id, 'mDDJaLqnJ4Sgz7IPnZKx8QE');
    assert.equal(completion.model, 'gemini-2.0-flash');
    assert.deepEqual(completion.choices, [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'AI learns patterns from data to make predictions or decisions without being explicitly programmed.',
        },
        finish_reason: 'stop',
      },
    ]);
    assert.deepEqual(completion.usage, {
      prompt_tokens: 8,
      completion_tokens: 17,
      total_tokens: 25,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('translates a function call into a tool call with an id and finish_reason tool_calls', () => {
    const completion = fromGeminiResponse(
      readJsonFixture('gemini', 'generate-content-response-function-call.json'),
      context,
    );
    const choice = completion.choices[0];
    assert.equal(choice?.finish_reason, 'tool_calls');
    assert.equal(choice?.message.content, 'Setting the lights now.');
    const call = choice?.message.tool_calls?.[0];
    assert.match(call?.id ?? '', /^call_[0-9a-f]{32}$/);
    assert.deepEqual(call?.function, { name: 'set_light_values', arguments: '{"brightness":25,"color_temp":"warm"}' });
  });

  it('gives thought summaries as reasoning_content, not content, and counts thinking and cached tokens', () => {
    const completion = fromGeminiResponse(
      readJsonFixture('gemini', 'generate-content-response-thinking-cached.json'),
      context,
    );
    assert.equal(completion.choices[0]?.message.content, 'The error means the config file is missing a required key.');
    assert.equal(completion.choices[0]?.message.reasoning_content, 'Considering the error message first.');
    assert.equal(completion.choices[0]?.finish_reason, 'length');
    assert.deepEqual(completion.usage, {
      prompt_tokens: 1151,
      completion_tokens: 657 + 818,
      total_tokens: 2626,
      prompt_tokens_details: { cached_tokens: 1027 },
      completion_tokens_details: { reasoning_tokens: 818 },
    });
  });

  it('answers one choice per candidate and maps SAFETY to content_filter', () => {
    const completion = fromGeminiResponse(
      readJsonFixture('gemini', 'generate-content-response-two-candidates.json'),
      context,
    );
    assert.deepEqual(
      completion.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason]),
      [
        [0, 'Hello there!', 'stop'],
        [1, 'Hi!', 'content_filter'],
      ],
    );
    assert.match(completion.id, /^chatcmpl-/);
  });

  it('answers a blocked prompt as one empty choice filtered by content_filter', () => {
    const completion = fromGeminiResponse(
      readJsonFixture('gemini', 'generate-content-response-prompt-blocked.json'),
      context,
    );
    assert.deepEqual(completion.choices, [
      { index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' },
    ]);
    assert.equal(completion.usage?.prompt_tokens, 9);
  });

  it('maps every documented finish reason', async () => {
    const { mapGeminiFinishReason } = await import('./map-gemini-finish-reason');
    assert.equal(mapGeminiFinishReason('STOP', false), 'stop');
    assert.equal(mapGeminiFinishReason('STOP', true), 'tool_calls');
    assert.equal(mapGeminiFinishReason('MAX_TOKENS', true), 'length');
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII']) {
      assert.equal(mapGeminiFinishReason(reason, false), 'content_filter');
    }
    assert.equal(mapGeminiFinishReason('OTHER', false), 'stop');
    assert.equal(mapGeminiFinishReason(undefined, false), null);
  });

  it('answers 502 upstream_invalid_response for a body with neither candidates nor promptFeedback, or wrong types', () => {
    for (const body of [
      { unexpected: 'shape' },
      { usageMetadata: { promptTokenCount: 3 } },
      { candidates: [{ content: { parts: 'text' } }] },
      { candidates: [{ finishReason: 3 }] },
      [],
    ]) {
      assert.throws(
        () => fromGeminiResponse(body, context),
        (error: unknown) =>
          error instanceof UpstreamError &&
          error.code === UPSTREAM_INVALID_RESPONSE &&
          /^The gemini provider's answer was malformed: /.test(error.message),
        JSON.stringify(body),
      );
    }
  });
});
