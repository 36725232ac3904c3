import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import { readJsonFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { fromAnthropicMessage } from './from-anthropic-message';

describe('fromAnthropicMessage', () => {
  it('translates a text answer with its usage', () => {
    const completion = fromAnthropicMessage(readJsonFixture('anthropic', 'messages-response-text.json'));
    assert.equal(completion.id, 'msg_013Zva2CMHLNnXjNJJKqJ2EF');
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, 'claude-sonnet-4-20250514');
    assert.equal(typeof completion.created, 'number');
    assert.deepEqual(completion.choices, [
      { index: 0, message: { role: 'assistant', content: 'Hi! My name is Claude.' }, finish_reason: 'stop' },
    ]);
    assert.deepEqual(completion.usage, {
      prompt_tokens: 2095,
      completion_tokens: 503,
      total_tokens: 2598,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 0 },
    });
  });

  it('translates tool_use blocks into tool_calls with JSON arguments', () => {
    const completion = fromAnthropicMessage(readJsonFixture('anthropic', 'messages-response-tool-use.json'));
    assert.deepEqual(completion.choices[0], {
      index: 0,
      message: {
        role: 'assistant',
        content: "I'll check the current weather in San Francisco for you.",
        tool_calls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    });
  });

  it('counts cache reads and writes into prompt_tokens and itemises them; max_tokens is length', () => {
    const completion = fromAnthropicMessage(readJsonFixture('anthropic', 'messages-response-cached.json'));
    assert.equal(completion.choices[0]?.finish_reason, 'length');
    assert.deepEqual(completion.usage, {
      prompt_tokens: 21 + 188086,
      completion_tokens: 393,
      total_tokens: 21 + 188086 + 393,
      prompt_tokens_details: { cached_tokens: 0, cache_creation_tokens: 188086 },
    });
  });

  it('maps a refusal to content_filter with null content', () => {
    const completion = fromAnthropicMessage(readJsonFixture('anthropic', 'messages-response-refusal.json'));
    assert.equal(completion.choices[0]?.finish_reason, 'content_filter');
    assert.equal(completion.choices[0]?.message.content, null);
    assert.equal(completion.usage?.prompt_tokens, 20);
    assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 6);
  });

  it('answers 502 for a body that is not an Anthropic message', () => {
    assert.throws(
      () => fromAnthropicMessage({ hello: 'world' }),
      (error: unknown) =>
        error instanceof UpstreamError && error.status === 502 && error.code === 'upstream_invalid_response',
    );
  });
});
