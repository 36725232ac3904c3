import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPSTREAM_INVALID_RESPONSE, UpstreamError } from '@sluice/errors';
import { assembleChoice } from '../../../../test/fixtures/providers/assemble-chunks';
import { readSseFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import type { ProviderCallContext } from '../provider-adapter';
import { createGeminiStreamTranslator } from './gemini-stream-translator';

const context: ProviderCallContext = { account: { type: 'gemini' }, apiKey: 'key', model: 'gemini-2.0-flash' };

function translate(fixture: string) {
  const translator = createGeminiStreamTranslator(context);
  const chunks = readSseFixture('gemini', fixture).flatMap((event) => translator.fromUpstreamEvent(event));
  return { chunks, usage: translator.usage() };
}

describe('GeminiStreamTranslator', () => {
  it('translates a text stream: role, text, finish_reason, then a usage chunk', () => {
    const { chunks, usage } = translate('stream-generate-content-text.txt');
    assert.deepEqual(assembleChoice(chunks), {
      role: 'assistant',
      content: 'The quick brown fox jumps over the lazy dog.',
      toolCalls: [],
      finishReason: 'stop',
    });
    assert.ok(chunks.every((chunk) => chunk.id === 'y2XJaK7sDNXOz7IPqJmq8Qs' && chunk.model === 'gemini-2.0-flash'));
    assert.deepEqual(chunks.at(-2)?.choices, [{ index: 0, delta: {}, finish_reason: 'stop' }]);
    const expected = {
      prompt_tokens: 8,
      completion_tokens: 10,
      total_tokens: 18,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    };
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.deepEqual(chunks.at(-1)?.usage, expected);
    assert.deepEqual(usage, expected);
    assert.equal(chunks.filter((chunk) => chunk.usage).length, 1);
  });

  it('translates parallel function calls into tool calls 0 and 1, finishing with tool_calls', () => {
    const { chunks, usage } = translate('stream-generate-content-function-calls.txt');
    const choice = assembleChoice(chunks);
    assert.equal(choice.finishReason, 'tool_calls');
    assert.deepEqual(
      choice.toolCalls.map((call) => [call.index, call.name, call.arguments]),
      [
        [0, 'get_weather', '{"location":"Boston, MA"}'],
        [1, 'get_time', '{"timezone":"America/New_York"}'],
      ],
    );
    assert.ok(choice.toolCalls.every((call) => /^call_/.test(call.id ?? '')));
    assert.deepEqual(usage, {
      prompt_tokens: 70,
      completion_tokens: 17 + 56,
      total_tokens: 143,
      prompt_tokens_details: { cached_tokens: 32 },
      completion_tokens_details: { reasoning_tokens: 56 },
    });
  });

  it('throws the in-stream error with its status, retryable for 503', () => {
    const translator = createGeminiStreamTranslator(context);
    const [first, error] = readSseFixture('gemini', 'stream-generate-content-error.txt');
    assert.ok(first && error);
    assert.equal(assembleChoice(translator.fromUpstreamEvent(first)).content, 'Once upon');
    assert.throws(
      () => translator.fromUpstreamEvent(error),
      (thrown: unknown) =>
        thrown instanceof UpstreamError && thrown.status === 503 && thrown.retryable && thrown.code === 'unavailable',
    );
  });

  it('finishes a blocked prompt with content_filter', () => {
    const translator = createGeminiStreamTranslator(context);
    const chunks = translator.fromUpstreamEvent({
      data: '{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}',
    });
    assert.equal(assembleChoice(chunks).finishReason, 'content_filter');
    assert.equal(chunks.at(-1)?.usage?.prompt_tokens, 9);
  });

  it('an event with none of candidates, promptFeedback, usageMetadata, or of the wrong types, is malformed', () => {
    for (const data of [
      '{"unexpected":"shape"}',
      '{"candidates":"none"}',
      '{"candidates":[{"content":{"parts":[{"text":7}]}}]}',
      'not json',
    ]) {
      const translator = createGeminiStreamTranslator(context);
      assert.throws(
        () => translator.fromUpstreamEvent({ data }),
        (error: unknown) =>
          error instanceof UpstreamError && error.code === UPSTREAM_INVALID_RESPONSE && error.status === 502,
        data,
      );
    }
  });

  it('a stream that ends before every candidate has a finishReason is malformed; a complete one finishes', () => {
    const complete = createGeminiStreamTranslator(context);
    for (const event of readSseFixture('gemini', 'stream-generate-content-text.txt')) complete.fromUpstreamEvent(event);
    complete.finish();
    const cut = createGeminiStreamTranslator(context);
    const [first] = readSseFixture('gemini', 'stream-generate-content-text.txt');
    assert.ok(first);
    cut.fromUpstreamEvent(first);
    assert.throws(
      () => cut.finish(),
      (error: unknown) =>
        error instanceof UpstreamError &&
        error.code === UPSTREAM_INVALID_RESPONSE &&
        /finishReason/.test(error.message),
    );
    assert.throws(() => createGeminiStreamTranslator(context).finish(), UpstreamError, 'an empty stream');
  });
});
