import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '@sluice/providers';
import { StreamedCompletion } from './streamed-completion';

const identity = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk' as const,
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
};
const chunk = (choices: ChatCompletionChunk['choices']): ChatCompletionChunk => ({ ...identity, choices });
const usage = { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 };

describe('StreamedCompletion', () => {
  it('joins content deltas into one message with the last finish reason and the given usage', () => {
    const assembled = new StreamedCompletion();
    assembled.add(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
    assembled.add(chunk([{ index: 0, delta: { content: 'Hello, ' }, finish_reason: null }]));
    assembled.add(chunk([{ index: 0, delta: { content: 'world' }, finish_reason: null }]));
    assembled.add(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
    assert.deepEqual(JSON.parse(assembled.toJson(usage) ?? ''), {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello, world' }, finish_reason: 'stop' }],
      usage,
    });
  });

  it('merges tool call deltas by index; content is null when only tools were called', () => {
    const assembled = new StreamedCompletion();
    assembled.add(
      chunk([
        {
          index: 0,
          delta: {
            role: 'assistant',
            tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'look', arguments: '' } }],
          },
          finish_reason: null,
        },
      ]),
    );
    assembled.add(
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { name: 'up', arguments: '{"q":' } }] },
          finish_reason: null,
        },
      ]),
    );
    assembled.add(
      chunk([
        {
          index: 0,
          delta: {
            tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'other', arguments: '{}' } }],
          },
          finish_reason: null,
        },
      ]),
    );
    assembled.add(
      chunk([
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] },
          finish_reason: 'tool_calls',
        },
      ]),
    );
    const completion = JSON.parse(assembled.toJson(undefined) ?? '');
    assert.deepEqual(completion.choices[0].message, {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
        { id: 'call_2', type: 'function', function: { name: 'other', arguments: '{}' } },
      ],
    });
    assert.equal(completion.usage, undefined);
  });

  it('keeps several choices apart, in index order', () => {
    const assembled = new StreamedCompletion();
    assembled.add(chunk([{ index: 1, delta: { content: 'B' }, finish_reason: 'stop' }]));
    assembled.add(chunk([{ index: 0, delta: { content: 'A' }, finish_reason: 'length' }]));
    const completion = JSON.parse(assembled.toJson(usage) ?? '');
    assert.deepEqual(
      completion.choices.map((choice: { message: { content: string } }) => choice.message.content),
      ['A', 'B'],
    );
    assert.equal(completion.choices[0].finish_reason, 'length');
  });

  it('is undefined for a stream without choices or one that never finished', () => {
    assert.equal(new StreamedCompletion().toJson(usage), undefined);
    const unfinished = new StreamedCompletion();
    unfinished.add(chunk([{ index: 0, delta: { content: 'cut' }, finish_reason: null }]));
    assert.equal(unfinished.toJson(usage), undefined);
  });
});
