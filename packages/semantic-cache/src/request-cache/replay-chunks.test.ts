import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletion } from '@sluice/providers';
import { replayChunks, splitText } from './replay-chunks';

const completion: ChatCompletion = {
  id: 'chatcmpl-9',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 4, completion_tokens: 9, total_tokens: 13 },
};

describe('replayChunks', () => {
  it('replays a message as a role chunk, a few content pieces and a finish chunk, with usage only when asked', () => {
    const chunks = replayChunks(completion, false).map((text) => JSON.parse(text));
    assert.ok(
      chunks.every(
        (chunk) =>
          chunk.object === 'chat.completion.chunk' && chunk.id === 'chatcmpl-9' && chunk.model === 'gpt-4o-mini',
      ),
    );
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'The quick brown fox jumps over the lazy dog');
    assert.ok(chunks.length >= 4, 'several content chunks');
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
    assert.ok(chunks.every((chunk) => chunk.usage === undefined));

    const withUsage = replayChunks(completion, true).map((text) => JSON.parse(text));
    assert.deepEqual(withUsage.at(-1), {
      id: 'chatcmpl-9',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gpt-4o-mini',
      choices: [],
      usage: completion.usage,
    });
  });

  it('replays tool calls whole, with their index', () => {
    const toolCompletion: ChatCompletion = {
      ...completion,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const chunks = replayChunks(toolCompletion, false).map((text) => JSON.parse(text));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(calls, [
      { index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } },
    ]);
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'tool_calls');
  });
});

describe('splitText', () => {
  it('cuts after spaces into at most the given number of pieces, losing nothing', () => {
    const pieces = splitText('one two three four five six seven eight', 4);
    assert.ok(pieces.length <= 4 && pieces.length > 1);
    assert.equal(pieces.join(''), 'one two three four five six seven eight');
    assert.ok(pieces.slice(0, -1).every((piece) => piece.endsWith(' ')));
  });

  it('never splits a surrogate pair, and gives nothing for empty text', () => {
    const text = '😀😀😀😀😀😀😀😀';
    const pieces = splitText(text, 4);
    assert.equal(pieces.join(''), text);
    for (const piece of pieces) assert.equal(piece, Array.from(piece).join(''), 'whole code points');
    assert.ok(pieces.every((piece) => !/[\uD800-\uDBFF]$/.test(piece)));
    assert.deepEqual(splitText('', 4), []);
    assert.deepEqual(splitText('short', 4).join(''), 'short');
  });
});
