import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPSTREAM_INVALID_RESPONSE, UpstreamError } from '@sluice/errors';
import { type AssembledToolCall, assembleChoice } from '../../../../test/fixtures/providers/assemble-chunks';
import { readSseFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import type { ChatCompletionChunk } from '../openai-response-types';
import type { ProviderCallContext } from '../provider-adapter';
import { createAnthropicStreamTranslator } from './anthropic-stream-translator';

const context: ProviderCallContext = {
  account: { type: 'anthropic' },
  apiKey: 'sk-ant-test',
  model: 'claude-opus-4-6',
};

function translate(fixture: string): { chunks: ChatCompletionChunk[]; usage: unknown } {
  const translator = createAnthropicStreamTranslator(context);
  const chunks = readSseFixture('anthropic', fixture).flatMap((event) => translator.fromUpstreamEvent(event));
  return { chunks, usage: translator.usage() };
}

function contentOf(chunks: ChatCompletionChunk[]): string {
  return assembleChoice(chunks).content;
}

function toolCallsOf(chunks: ChatCompletionChunk[]): AssembledToolCall[] {
  return assembleChoice(chunks).toolCalls;
}

describe('AnthropicStreamTranslator', () => {
  it('translates a text stream: role first, text deltas, finish_reason, then a usage chunk', () => {
    const { chunks, usage } = translate('messages-stream-text.txt');
    assert.deepEqual(chunks[0]?.choices, [
      { index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null },
    ]);
    assert.ok(
      chunks.every(
        (chunk) => chunk.id === 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY' && chunk.object === 'chat.completion.chunk',
      ),
    );
    assert.ok(chunks.every((chunk) => chunk.model === 'claude-opus-4-6'));
    assert.equal(contentOf(chunks), 'Hello!');
    const finish = chunks.at(-2);
    assert.deepEqual(finish?.choices, [{ index: 0, delta: {}, finish_reason: 'stop' }]);
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    const expected = {
      prompt_tokens: 25,
      completion_tokens: 15,
      total_tokens: 40,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    };
    assert.deepEqual(last?.usage, expected);
    assert.deepEqual(usage, expected);
    assert.equal(chunks.length, 5);
  });

  it('translates text followed by a tool_use block with id and name on the first tool delta', () => {
    const { chunks } = translate('messages-stream-tool-use.txt');
    assert.equal(contentOf(chunks), "Okay, let's check the weather for San Francisco, CA:");
    assert.deepEqual(toolCallsOf(chunks), [
      {
        index: 0,
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
      },
    ]);
    const firstToolDelta = chunks.find((chunk) => chunk.choices[0]?.delta.tool_calls)?.choices[0]?.delta
      .tool_calls?.[0];
    assert.deepEqual(firstToolDelta, {
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(chunks.at(-1)?.usage?.completion_tokens, 89);
  });

  it('streams thinking as reasoning_content, then each finished block whole with its signature', () => {
    const { chunks } = translate('messages-stream-thinking.txt');
    const reasoning = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.reasoning_content ?? ''));
    assert.equal(reasoning.join(''), 'The user wants the weather, so I should call the tool.');
    const details = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.reasoning_details ?? []));
    assert.deepEqual(details, [
      {
        type: 'reasoning.text',
        text: 'The user wants the weather, so I should call the tool.',
        signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
      },
      { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' },
    ]);
    assert.deepEqual(toolCallsOf(chunks), [
      { index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "Paris"}' },
    ]);
    assert.equal(contentOf(chunks), '');
  });

  it('numbers parallel tool calls 0 and 1 and counts cached tokens from message_delta', () => {
    const { chunks, usage } = translate('messages-stream-parallel-tools-cached.txt');
    assert.deepEqual(toolCallsOf(chunks), [
      {
        index: 0,
        id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        name: 'get_weather',
        arguments: '{"location": "San Francisco"}',
      },
      {
        index: 1,
        id: 'toolu_01JzW1nTPn4HmtCDWSF4dQ7d',
        name: 'get_time',
        arguments: '{"timezone": "America/Los_Angeles"}',
      },
    ]);
    assert.deepEqual(usage, {
      prompt_tokens: 849 + 2048 + 120,
      completion_tokens: 47,
      total_tokens: 849 + 2048 + 120 + 47,
      prompt_tokens_details: { cached_tokens: 2048, cache_creation_tokens: 120 },
    });
  });

  it('throws a retryable 529 UpstreamError on an overloaded_error event', () => {
    const translator = createAnthropicStreamTranslator(context);
    const events = readSseFixture('anthropic', 'messages-stream-overloaded.txt');
    const errorEvent = events.pop();
    assert.ok(errorEvent);
    const chunks = events.flatMap((event) => translator.fromUpstreamEvent(event));
    assert.equal(contentOf(chunks), 'Hel');
    assert.throws(
      () => translator.fromUpstreamEvent(errorEvent),
      (error: unknown) =>
        error instanceof UpstreamError &&
        error.status === 529 &&
        error.retryable &&
        error.upstreamType === 'overloaded_error' &&
        error.message === 'Overloaded',
    );
  });

  it('ignores event types it does not know and answers 502 for data that is not JSON', () => {
    const translator = createAnthropicStreamTranslator(context);
    assert.deepEqual(translator.fromUpstreamEvent({ event: 'future_event', data: '{"type":"future_event"}' }), []);
    assert.equal(translator.usage(), undefined);
    assert.throws(
      () => translator.fromUpstreamEvent({ data: 'not json' }),
      (error: unknown) => error instanceof UpstreamError && error.status === 502,
    );
  });

  it('a known event of the wrong shape is malformed, named by its data type or else its SSE event name', () => {
    const invalid = (error: unknown) =>
      error instanceof UpstreamError && error.code === UPSTREAM_INVALID_RESPONSE && error.status === 502;
    for (const event of [
      { event: 'content_block_delta', data: '{"unexpected":"shape"}' },
      { event: 'message_start', data: '{"type":"message_start","message":{"id":"msg_1"}}' },
      { data: '{"type":"content_block_delta","index":"zero","delta":{"type":"text_delta","text":"x"}}' },
      { data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":-1}}' },
    ]) {
      const translator = createAnthropicStreamTranslator(context);
      assert.throws(() => translator.fromUpstreamEvent(event), invalid, event.data);
    }
  });

  it('a stream that ends without message_stop is malformed; a complete one finishes', () => {
    const complete = createAnthropicStreamTranslator(context);
    for (const event of readSseFixture('anthropic', 'messages-stream-text.txt')) complete.fromUpstreamEvent(event);
    complete.finish();
    const cut = createAnthropicStreamTranslator(context);
    const events = readSseFixture('anthropic', 'messages-stream-text.txt');
    assert.equal(events.pop()?.event, 'message_stop');
    assert.ok(contentOf(events.flatMap((event) => cut.fromUpstreamEvent(event))).length > 0);
    assert.throws(
      () => cut.finish(),
      (error: unknown) =>
        error instanceof UpstreamError &&
        error.code === UPSTREAM_INVALID_RESPONSE &&
        /without message_stop/.test(error.message),
    );
  });
});
