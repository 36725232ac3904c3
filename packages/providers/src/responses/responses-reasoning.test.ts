import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatCompletion, ChatCompletionChunk } from '../openai-response-types';
import { decodeReasoningCarrier, encodeReasoningCarrier, type ReasoningDetail } from '../reasoning';
import { fromChatCompletion } from './from-chat-completion';
import { fromResponsesRequest } from './from-responses-request';
import type { OutputReasoning } from './response-object';
import { responseShell } from './response-object';
import { ResponsesRequestSchema } from './responses-request-schema';
import { ResponsesStreamEncoder } from './responses-stream-encoder';

const signed: ReasoningDetail[] = [{ type: 'reasoning.text', text: 'Call lookup.', signature: 'sig_1' }];
const shellFor = (reasoning?: Record<string, unknown>) =>
  responseShell(ResponsesRequestSchema.parse({ model: 'm', input: 'x', reasoning }), { id: 'resp_1', createdAt: 1 });
const completion = (message: ChatCompletion['choices'][number]['message']): ChatCompletion => ({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model: 'claude',
  choices: [{ index: 0, message, finish_reason: 'tool_calls' }],
});
const chunk = (delta: ChatCompletionChunk['choices'][number]['delta']): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'claude',
  choices: [{ index: 0, delta, finish_reason: null }],
});
const call = { id: 'toolu_1', type: 'function' as const, function: { name: 'lookup', arguments: '{}' } };

describe('reasoning through the Responses API', () => {
  test('a reasoning item: summary when the client asked for summaries, reasoning_text otherwise, signed content', () => {
    const message = {
      role: 'assistant' as const,
      content: null,
      tool_calls: [call],
      reasoning_content: 'Call lookup.',
    };
    const withDetails = { ...message, reasoning_details: signed };
    const summarised = fromChatCompletion(completion(withDetails), shellFor({ summary: 'auto' }), new Map());
    const item = summarised.output[0] as OutputReasoning;
    assert.equal(item.type, 'reasoning');
    assert.deepEqual(item.summary, [{ type: 'summary_text', text: 'Call lookup.' }]);
    assert.equal(item.content, undefined);
    assert.deepEqual(decodeReasoningCarrier(item.encrypted_content), signed);
    const raw = fromChatCompletion(completion(message), shellFor(), new Map()).output[0] as OutputReasoning;
    assert.deepEqual(raw.content, [{ type: 'reasoning_text', text: 'Call lookup.' }]);
    assert.equal(raw.encrypted_content, undefined, 'unsigned reasoning has nothing to hand back');
  });

  test('streamed: summary part and text events, and the signed details on the finished item', () => {
    const encoder = new ResponsesStreamEncoder(shellFor({ effort: 'low', summary: 'auto' }), new Map());
    const events = [
      ...encoder.encode(chunk({ role: 'assistant', reasoning_content: 'Call ' })),
      ...encoder.encode(chunk({ reasoning_content: 'lookup.' })),
      ...encoder.encode(chunk({ reasoning_details: signed })),
      ...encoder.encode(chunk({ tool_calls: [{ index: 0, ...call }] })),
      ...encoder.end(),
    ];
    assert.deepEqual(
      events.slice(2, 9).map((event) => event.type),
      [
        'response.output_item.added',
        'response.reasoning_summary_part.added',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.output_item.done',
      ],
    );
    const done = events[8]?.item as OutputReasoning;
    assert.deepEqual(done.summary, [{ type: 'summary_text', text: 'Call lookup.' }]);
    assert.deepEqual(decodeReasoningCarrier(done.encrypted_content), signed);
    const response = encoder.response();
    assert.deepEqual(
      response.output.map((item) => item.type),
      ['reasoning', 'function_call'],
    );
  });

  test('reasoning handed back goes on the assistant turn after it; reasoning Sluice did not sign is dropped', () => {
    const request = ResponsesRequestSchema.parse({
      model: 'm',
      input: [
        { role: 'user', content: 'look it up' },
        { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: encodeReasoningCarrier(signed) },
        { type: 'function_call', call_id: 'toolu_1', name: 'lookup', arguments: '{}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'found' },
        { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAAA-openai-encrypted' },
        { role: 'assistant', content: 'Done.' },
      ],
    });
    const { chat } = fromResponsesRequest(request);
    assert.deepEqual(chat.messages[1], {
      role: 'assistant',
      content: null,
      tool_calls: [call],
      reasoning_details: signed,
    });
    assert.deepEqual(chat.messages[3], { role: 'assistant', content: 'Done.' });
  });
});
