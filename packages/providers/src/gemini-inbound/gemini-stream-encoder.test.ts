import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionChunk } from '../openai-response-types';
import { GeminiStreamEncoder } from './gemini-stream-encoder';

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: 'stop' | 'tool_calls' | null = null) =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }) satisfies ChatCompletionChunk;

describe('GeminiStreamEncoder', () => {
  it('relays text at once and ends with the finish reason and the usage on one last event', () => {
    const encoder = new GeminiStreamEncoder('requested');
    assert.deepEqual(encoder.encode(chunk({ role: 'assistant', content: 'Hel' })), [
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] }, index: 0 }],
        modelVersion: 'gpt-4o-mini',
        responseId: 'chatcmpl-1',
      },
    ]);
    assert.deepEqual(encoder.encode(chunk({}, 'stop')), []);
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    assert.deepEqual(encoder.encode({ ...chunk({}), choices: [], usage }), []);
    assert.deepEqual(encoder.finish(), [
      {
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
        modelVersion: 'gpt-4o-mini',
        responseId: 'chatcmpl-1',
      },
    ]);
  });

  it('sends a tool call whole, once its streamed arguments are complete', () => {
    const encoder = new GeminiStreamEncoder('requested');
    const first = {
      index: 0,
      id: 'call_1',
      type: 'function' as const,
      function: { name: 'weather', arguments: '{"ci' },
    };
    assert.deepEqual(encoder.encode(chunk({ tool_calls: [first] })), []);
    assert.deepEqual(
      encoder.encode(chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] }, 'tool_calls')),
      [],
    );
    const [last] = encoder.finish();
    assert.deepEqual(last?.candidates, [
      {
        content: {
          role: 'model',
          parts: [{ functionCall: { id: 'call_1', name: 'weather', args: { city: 'Paris' } } }],
        },
        finishReason: 'STOP',
        index: 0,
      },
    ]);
  });
});
