import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError, UpstreamError } from '@sluice/errors';
import { anthropicReplyFormat } from './anthropic-reply-format';

function parseEvents(text: string): { event: string; data: { type: string } & Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [eventLine, dataLine, ...rest] = frame.split('\n');
      assert.deepEqual(rest, [], 'one event line and one data line per frame');
      assert.match(eventLine ?? '', /^event: /);
      assert.match(dataLine ?? '', /^data: /);
      return {
        event: (eventLine ?? '').slice('event: '.length),
        data: JSON.parse((dataLine ?? '').slice('data: '.length)),
      };
    });
}

/** The model message_start names. */
function startedModel(events: ReturnType<typeof parseEvents>): string | undefined {
  const message = events[0]?.data.message as { model?: string } | undefined;
  return message?.model;
}

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });

describe('anthropicReplyFormat', () => {
  it('answers a completion as an Anthropic Message naming the model that served it', () => {
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 } },
    };
    const message = JSON.parse(anthropicReplyFormat('oai/gpt-4o-mini').body(JSON.stringify(completion)));
    assert.equal(message.type, 'message');
    assert.equal(message.model, 'gpt-4o-mini');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hi.' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.deepEqual(message.usage, {
      input_tokens: 6,
      output_tokens: 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4,
    });
  });

  it('writes a stream as event/data frames from message_start to message_stop', () => {
    const writer = anthropicReplyFormat('oai/gpt-4o-mini').createStreamWriter();
    const usage = JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o-mini',
      choices: [],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
    });
    const text = [
      writer.chunk(chunk({ role: 'assistant', content: '' })),
      writer.chunk(chunk({ content: 'Hi' })),
      writer.chunk(chunk({}, 'stop')),
      writer.chunk(usage),
      writer.end(),
    ].join('');
    const events = parseEvents(text);
    assert.deepEqual(
      events.map((event) => event.event),
      [
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    for (const event of events) assert.equal(event.data.type, event.event);
    assert.equal(startedModel(events), 'gpt-4o-mini');
    assert.deepEqual(events[4]?.data.usage, {
      output_tokens: 2,
      input_tokens: 7,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it("passes over a chunk with neither choices nor usage (Azure's content-filter annotation)", () => {
    const writer = anthropicReplyFormat('az/gpt-4o-mini').createStreamWriter();
    assert.equal(
      writer.chunk(
        JSON.stringify({ id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [] }),
      ),
      '',
    );
    const events = parseEvents(writer.chunk(chunk({ role: 'assistant', content: 'Hi' })));
    assert.equal(startedModel(events), 'gpt-4o-mini');
  });

  it('ends a stream with no chunks as a complete, empty message', () => {
    const events = parseEvents(anthropicReplyFormat('claude/x').createStreamWriter().end());
    assert.deepEqual(
      events.map((event) => event.event),
      ['message_start', 'message_delta', 'message_stop'],
    );
    assert.equal(startedModel(events), 'claude/x');
  });

  it('ends a failed stream with an error event and shapes error bodies the Anthropic way', () => {
    const format = anthropicReplyFormat('claude/x');
    const failure = new UpstreamError({ message: 'Overloaded', kind: 'status', status: 529 });
    assert.deepEqual(parseEvents(format.createStreamWriter().error(failure)), [
      { event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } },
    ]);
    assert.deepEqual(format.errorBody(new InvalidRequestError('max_tokens: required')), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: required' },
    });
  });
});
