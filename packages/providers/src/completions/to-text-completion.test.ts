import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTextCompletion, toTextCompletionChunk } from './to-text-completion';

describe('toTextCompletion', () => {
  it('answers in the text_completion shape, usage kept', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 };
    const completion = toTextCompletion({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1,
      model: 'claude-haiku-4-5',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'length' }],
      usage,
    });
    assert.deepEqual(completion, {
      id: 'cmpl-abc',
      object: 'text_completion',
      created: 1,
      model: 'claude-haiku-4-5',
      choices: [{ text: 'Hi there', index: 0, logprobs: null, finish_reason: 'length' }],
      usage,
    });
  });

  it('turns stream chunks into text_completion chunks and drops the role-only opening', () => {
    const base = { id: 'chatcmpl-s', object: 'chat.completion.chunk' as const, created: 2, model: 'm' };
    assert.equal(
      toTextCompletionChunk({ ...base, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] }),
      undefined,
    );
    assert.deepEqual(
      toTextCompletionChunk({ ...base, choices: [{ index: 0, delta: { content: 'He' }, finish_reason: null }] })
        ?.choices,
      [{ text: 'He', index: 0, logprobs: null, finish_reason: null }],
    );
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    assert.deepEqual(toTextCompletionChunk({ ...base, choices: [], usage }), {
      id: 'cmpl-s',
      object: 'text_completion',
      created: 2,
      model: 'm',
      choices: [],
      usage,
    });
  });
});
