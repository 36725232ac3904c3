import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpenAIChatChunkSchema } from './openai-wire-schemas';
import { readPlainChatChunk } from './read-plain-chat-chunk';

/** What a reader of the chunk sees: its JSON (an absent field and one set to undefined read alike). */
const seen = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

const plain: Record<string, unknown>[] = [
  {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_1',
    choices: [
      { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
    ],
  },
  { id: 'chatcmpl-1', choices: [{ index: 0, delta: { content: ' word' }, finish_reason: null }], usage: null },
  { choices: [{ delta: { content: null, role: null, tool_calls: null }, finish_reason: 'length' }] },
  { id: 'x', object: '', model: 'm', choices: [{ index: 1, delta: {}, finish_reason: 'eos' }] },
  { id: 'x', choices: [{ index: 0, finish_reason: 'content_filter', content_filter_results: { hate: {} } }] },
  { id: 'x', choices: [{ index: 0, delta: { refusal: 'no', reasoning_content: 'hm' }, finish_reason: 'stop' }] },
  { id: 'x', choices: [] },
];

const forTheSchema: unknown[] = [
  { id: 'x', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
  { id: 'x', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{' } }] } }] },
  { id: 7, choices: [] },
  { id: 'x', created: '1', choices: [] },
  { id: 'x', model: null, choices: [] },
  { id: 'x' },
  { id: 'x', choices: {} },
  { id: 'x', choices: [{ index: -1, delta: {} }] },
  { id: 'x', choices: [{ index: 0.5, delta: {} }] },
  { id: 'x', choices: [{ index: 0, delta: null }] },
  { id: 'x', choices: [{ index: 0, delta: { role: 'user' } }] },
  { id: 'x', choices: [{ index: 0, delta: { content: 5 } }] },
  { id: 'x', choices: [{ index: 0, delta: { refusal: {} } }] },
  { id: 'x', choices: [{ index: 0, delta: {}, finish_reason: 1 }] },
  { id: 'x', choices: [null] },
  [],
  'text',
  null,
];

describe('readPlainChatChunk', () => {
  it('reads the common chunk shapes as OpenAIChatChunkSchema reads them', () => {
    for (const chunk of plain) {
      const expected = seen(OpenAIChatChunkSchema.parse(structuredClone(chunk)));
      assert.deepEqual(seen(readPlainChatChunk(structuredClone(chunk))), expected, JSON.stringify(chunk));
    }
  });

  it('leaves usage, tool calls and every shape it does not know to the schema', () => {
    for (const chunk of forTheSchema)
      assert.equal(readPlainChatChunk(structuredClone(chunk)), undefined, JSON.stringify(chunk));
  });
});
