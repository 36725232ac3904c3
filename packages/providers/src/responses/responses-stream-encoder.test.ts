import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatCompletionChunk } from '../openai-response-types';
import { addedTextOf } from './chunk-added-text';
import { responseShell } from './response-object';
import { responsesEventText } from './responses-event-text';
import { ResponsesRequestSchema } from './responses-request-schema';
import { ResponsesStreamEncoder } from './responses-stream-encoder';

const shell = responseShell(ResponsesRequestSchema.parse({ model: 'm', input: 'x' }), { id: 'resp_1', createdAt: 1 });
const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: string | null = null) =>
  ({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'served',
    choices: [{ index: 0, delta, finish_reason: finish }],
  }) as ChatCompletionChunk;
const usage = {
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'served',
  choices: [],
  usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } },
} as ChatCompletionChunk;

/**
 * An answer encoded both ways — as events through encode() and end(), and as text through encodeData() and endText()
 * — with the text asserted equal to the events' text; both encoders and the events, for further checks.
 */
function encodedBothWays(
  chunks: readonly ChatCompletionChunk[],
  ids: (prefix: string, index: number) => string,
  name: string,
): {
  evented: ResponsesStreamEncoder;
  texted: ResponsesStreamEncoder;
  events: ReturnType<ResponsesStreamEncoder['end']>;
} {
  const evented = new ResponsesStreamEncoder(shell, new Map(), ids);
  const texted = new ResponsesStreamEncoder(shell, new Map(), ids);
  const events = [...chunks.flatMap((value) => evented.encode(value)), ...evented.end()];
  const written = [...chunks.map((value) => texted.encodeData(JSON.stringify(value))), texted.endText()];
  assert.equal(written.join(''), events.map(responsesEventText).join(''), name);
  return { evented, texted, events };
}

describe('ResponsesStreamEncoder', () => {
  test('text then a tool call: every event in order, numbered, and the finished response', () => {
    const encoder = new ResponsesStreamEncoder(shell, new Map([['crm__find', { name: 'find', namespace: 'crm' }]]));
    const events = [
      ...encoder.encode(chunk({ role: 'assistant', content: 'Hel' })),
      ...encoder.encode(chunk({ content: 'lo' })),
      ...encoder.encode(
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'crm__find', arguments: '' } }],
        }),
      ),
      ...encoder.encode(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] })),
      ...encoder.encode(chunk({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] }, 'tool_calls')),
      ...encoder.encode(usage),
      ...encoder.end(),
    ];
    assert.deepEqual(
      events.map((event) => event.type),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
      ],
    );
    assert.deepEqual(
      events.map((event) => event.sequence_number),
      events.map((_, index) => index),
    );
    const response = encoder.response();
    assert.equal(response.status, 'completed');
    assert.equal(response.model, 'served');
    assert.deepEqual(
      response.output.map((item) => item.type),
      ['message', 'function_call'],
    );
    const call = response.output[1];
    assert.ok(call?.type === 'function_call');
    assert.deepEqual([call.name, call.namespace, call.call_id, call.arguments], ['find', 'crm', 'call_1', '{"a":1}']);
    assert.deepEqual(response.usage, {
      input_tokens: 3,
      input_tokens_details: { cached_tokens: 1 },
      output_tokens: 4,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 7,
    });
  });

  test('a length finish ends with response.incomplete and the reason', () => {
    const encoder = new ResponsesStreamEncoder(shell, new Map());
    encoder.encode(chunk({ content: 'Ec' }, 'length'));
    const last = encoder.end().at(-1);
    assert.equal(last?.type, 'response.incomplete');
    assert.deepEqual((last?.response as { incomplete_details: unknown } | undefined)?.incomplete_details, {
      reason: 'max_output_tokens',
    });
  });

  test('a failure after the start ends with response.failed carrying the error', () => {
    const encoder = new ResponsesStreamEncoder(shell, new Map());
    encoder.encode(chunk({ content: 'Ec' }));
    const last = encoder.fail({ code: 'upstream_error', message: 'gone' }).at(-1);
    assert.equal(last?.type, 'response.failed');
    assert.deepEqual((last?.response as { error: unknown } | undefined)?.error, {
      code: 'upstream_error',
      message: 'gone',
    });
  });

  test('encodeData writes the very bytes of encode()’s events, its text deltas included', () => {
    const ids = (prefix: string, index: number) => `${prefix}_${index}`;
    const stringified = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: string | null = null) =>
      JSON.stringify(chunk(delta, finish));
    const texts = [
      stringified({ role: 'assistant', content: '' }),
      stringified({ reasoning_content: 'Thinking "hard"' }),
      stringified({ content: 'He said "hi"\n' }),
      stringified({ content: 'caf\u00e9 \u2028 \ud83d\ude00 \\ </script>' }),
      // As other servers write chunks: escapes where JSON.stringify writes characters, spaces, logprobs.
      stringified({ content: 'caf\u00e9' }).replace('é', '\\u00e9'),
      stringified({ content: 'spaced' }).replaceAll(':', ': '),
      stringified({ content: 'plain words ' }).replace('"finish_reason"', '"logprobs":null,"finish_reason"'),
      stringified({ content: '' }),
      JSON.stringify({ ...chunk({ content: 'more' }), model: 'other' }),
      JSON.stringify({ ...chunk({ content: 'counted' }), usage: null }),
      stringified({ content: 'counted first' }).replace('"choices"', '"usage":null,"choices"'),
      stringified({
        content: 'with a call',
        tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }],
      }),
      stringified({ content: 'after' }),
      stringified({ content: 'last' }, 'stop'),
      JSON.stringify(usage),
    ];
    const evented = new ResponsesStreamEncoder(shell, new Map(), ids);
    const texted = new ResponsesStreamEncoder(shell, new Map(), ids);
    const events = [
      ...texts.flatMap((text) => evented.encode(JSON.parse(text) as ChatCompletionChunk)),
      ...evented.end(),
    ];
    const written = [...texts.map((text) => texted.encodeData(text)), texted.endText()];
    assert.equal(written.join(''), events.map(responsesEventText).join(''));
    assert.deepEqual(texted.response(), evented.response());
    assert.equal(events.filter((event) => event.type === 'response.output_text.delta').length, 11);
  });

  test('text literals the worker relays in place of text-only chunks write the very bytes of the chunks', () => {
    const ids = (prefix: string, index: number) => `${prefix}_${index}`;
    const texts = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'Thinking' }),
      chunk({ content: 'He said "hi"\n' }),
      chunk({ content: 'caf\u00e9 \u2028 \ud83d\ude00 \\ </script>' }),
      chunk({ content: 'plain' }),
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'f', arguments: '{}' } }] }),
      chunk({ content: 'after the call' }),
      chunk({ content: 'last' }, 'stop'),
      usage,
    ].map((value) => JSON.stringify(value));
    // As the worker relays them: a chunk that only adds text, after the first (which names the model), as its literal.
    const relayed = texts.map((text, index) => {
      const added = index === 0 ? undefined : addedTextOf(JSON.parse(text) as ChatCompletionChunk);
      return added === undefined ? text : JSON.stringify(added);
    });
    assert.equal(relayed.filter((text) => text.startsWith('"')).length, 4);
    const fromChunks = new ResponsesStreamEncoder(shell, new Map(), ids);
    const fromLiterals = new ResponsesStreamEncoder(shell, new Map(), ids);
    const written = (encoder: ResponsesStreamEncoder, data: string[]) =>
      [...data.map((text) => encoder.encodeData(text)), encoder.endText()].join('');
    assert.equal(written(fromLiterals, relayed), written(fromChunks, texts));
    assert.deepEqual(fromLiterals.response(), fromChunks.response());
  });

  test('an answer of text alone, opened and closed from templates, writes the very bytes of its event objects', () => {
    const ids = (prefix: string, index: number) => `${prefix}_${index}`;
    const answers: { name: string; chunks: ChatCompletionChunk[] }[] = [
      {
        name: 'text',
        chunks: [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({}, 'stop')],
      },
      { name: 'text in the first chunk', chunks: [chunk({ role: 'assistant', content: 'Hi' }), chunk({}, 'stop')] },
      {
        name: 'escapes',
        chunks: [
          chunk({ content: 'He said "hi"\n' }),
          chunk({ content: 'caf\u00e9 \u2028 \ud83d\ude00 \\ </script>' }),
        ],
      },
      { name: 'cut by the limit', chunks: [chunk({ content: 'Ec' }), chunk({ content: 'ho' }, 'length'), usage] },
      { name: 'filtered', chunks: [chunk({ content: 'Ec' }, 'content_filter')] },
      { name: 'a refusal', chunks: [chunk({ refusal: 'No.' }), chunk({}, 'stop')] },
      {
        name: 'reasoning first',
        chunks: [chunk({ reasoning_content: 'Hmm' }), chunk({ content: 'Yes' }), chunk({}, 'stop')],
      },
      { name: 'no text', chunks: [chunk({ role: 'assistant', content: '' }), chunk({}, 'stop'), usage] },
      { name: 'nothing at all', chunks: [] },
    ];
    for (const { name, chunks } of answers) {
      const { evented, texted } = encodedBothWays(chunks, ids, name);
      assert.deepEqual(texted.response(), evented.response(), name);
      assert.deepEqual(texted.finishedResponse(), {
        response: texted.response(),
        json: JSON.stringify(texted.response()),
      });
    }
  });

  test('an answer with reasoning or a call open at its end writes the bytes of end()’s events and keeps its finished response', () => {
    const ids = (prefix: string, index: number) => `${prefix}_${index}`;
    const call = {
      index: 0,
      id: 'call_1',
      type: 'function' as const,
      function: { name: 'find', arguments: '{"q":"é"}' },
    };
    const answers: { name: string; chunks: ChatCompletionChunk[] }[] = [
      { name: 'reasoning open', chunks: [chunk({ reasoning_content: 'Hmm "so"\n' }), usage] },
      {
        name: 'text then a call',
        chunks: [chunk({ content: 'Hi' }), chunk({ tool_calls: [call] }, 'tool_calls'), usage],
      },
      { name: 'a call cut by the limit', chunks: [chunk({ tool_calls: [call] }, 'length')] },
    ];
    for (const { name, chunks } of answers) {
      const { texted, events } = encodedBothWays(chunks, ids, name);
      const closing = events.at(-1)?.response;
      assert.deepEqual(texted.finishedResponse(), { response: closing, json: JSON.stringify(closing) }, name);
    }
  });

  test('the finished response’s JSON is the one its closing event carries, kept only when written as text', () => {
    const encoder = new ResponsesStreamEncoder(shell, new Map());
    assert.equal(encoder.finishedResponse(), undefined);
    const text = [chunk({ content: 'Hi' }), chunk({}, 'stop'), usage]
      .map((value) => encoder.encodeData(JSON.stringify(value)))
      .join('');
    const closing = (text + encoder.endText()).trimEnd().split('\n\n').at(-1) ?? '';
    const event = JSON.parse(closing.slice(closing.indexOf('data: ') + 6)) as { response: unknown };
    assert.equal(JSON.stringify(event.response), encoder.finishedResponse()?.json);
    const evented = new ResponsesStreamEncoder(shell, new Map());
    evented.encode(chunk({ content: 'Hi' }, 'stop'));
    evented.end();
    assert.equal(evented.finishedResponse(), undefined);
  });

  test('chunks as OpenAI writes them, text relayed as literals, over nasty text and shells: the bytes of the event objects', () => {
    const ids = (prefix: string, index: number) => `${prefix}_${index}`;
    const envelope = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      service_tier: 'default',
      system_fingerprint: 'fp',
    };
    const openAIChunk = (delta: object, finish: string | null) =>
      JSON.stringify({
        ...envelope,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        usage: null,
      });
    const pieces = [
      'He said "hi"\n',
      '\u0000\u0001\u0004\u001f\t\b',
      'caf\u00e9 \u2028\u2029 </script> \\',
      '\ud83d', // a pair split between two pieces: each escaped alone, whole in the text
      '\ude00 and \ud83d\ude00 whole',
      '\udc00 lone \ud800',
      '"',
      '',
      ' end',
    ];
    const nastyShell = responseShell(
      ResponsesRequestSchema.parse({
        model: 'm',
        input: 'x',
        instructions: '\u0002 "quoted" \ud800',
        metadata: { status: '\u0000', usage: '\u0004' },
      }),
      { id: 'resp_1', createdAt: 1 },
    );
    const usageOf = {
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      completion_tokens_details: { reasoning_tokens: 2 },
    };
    // With no surrogate's escape in a piece, the text's JSON is its pieces' joined.
    const unpaired = pieces.filter((piece) => !/[\ud800-\udfff]/.test(piece));
    const answers = [
      ...['stop', 'length', 'content_filter'].map((finish) => ({ finish, answerShell: shell, answerPieces: pieces })),
      { finish: 'stop', answerShell: nastyShell, answerPieces: pieces },
      { finish: 'stop', answerShell: shell, answerPieces: unpaired },
      { finish: 'length', answerShell: nastyShell, answerPieces: unpaired },
    ];
    for (const { finish, answerShell, answerPieces } of answers) {
      const whole = [
        openAIChunk({ role: 'assistant', content: '' }, null),
        ...answerPieces.map((piece) => openAIChunk({ content: piece }, null)),
        openAIChunk({}, finish),
        JSON.stringify({ ...envelope, choices: [], usage: usageOf }),
      ];
      const relayed = whole.map((text, index) => {
        const added = index === 0 ? undefined : addedTextOf(JSON.parse(text) as ChatCompletionChunk);
        return added === undefined ? text : JSON.stringify(added);
      });
      const evented = new ResponsesStreamEncoder(answerShell, new Map(), ids);
      const events = [
        ...whole.flatMap((text) => evented.encode(JSON.parse(text) as ChatCompletionChunk)),
        ...evented.end(),
      ];
      const expected = events.map(responsesEventText).join('');
      for (const data of [relayed, whole]) {
        const texted = new ResponsesStreamEncoder(answerShell, new Map(), ids);
        const written = [...data.map((text) => texted.encodeData(text)), texted.endText()].join('');
        assert.equal(written, expected, finish);
        const closing = events.at(-1)?.response;
        assert.deepEqual(texted.finishedResponse(), { response: closing, json: JSON.stringify(closing) }, finish);
      }
    }
  });
});
