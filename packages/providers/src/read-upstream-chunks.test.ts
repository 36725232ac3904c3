import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createParser } from 'eventsource-parser';
import type { UpstreamEvent } from './provider-adapter';
import { readUpstreamChunks } from './read-upstream-chunks';

async function* pieces(...texts: string[]): AsyncGenerator<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

async function collect(...texts: string[]) {
  const chunks = [];
  for await (const chunk of readUpstreamChunks(pieces(...texts))) chunks.push(chunk);
  return chunks;
}

describe('readUpstreamChunks', () => {
  it('yields each piece as it came, with the events it completes', async () => {
    const chunks = await collect('event: a\ndata: {"x"', ':1}\n\nevent: b\ndata: 2\n\n', 'data: 3\n\n');
    assert.deepEqual(
      chunks.map((chunk) => chunk.text),
      ['event: a\ndata: {"x"', ':1}\n\nevent: b\ndata: 2\n\n', 'data: 3\n\n'],
    );
    assert.deepEqual(
      chunks.map((chunk) => chunk.events),
      [
        [],
        [
          { event: 'a', data: '{"x":1}' },
          { event: 'b', data: '2' },
        ],
        [{ event: undefined, data: '3' }],
      ],
    );
  });

  it('completes a last event the stream left unterminated, and keeps multi-byte characters whole', async () => {
    const euro = Buffer.from('data: €\n\ndata: end');
    async function* split(): AsyncGenerator<Buffer> {
      yield euro.subarray(0, 7);
      yield euro.subarray(7);
    }
    const chunks = [];
    for await (const chunk of readUpstreamChunks(split())) chunks.push(chunk);
    assert.equal(chunks.map((chunk) => chunk.text).join(''), 'data: €\n\ndata: end');
    assert.deepEqual(
      chunks.flatMap((chunk) => chunk.events).map((event) => event.data),
      ['€', 'end'],
    );
  });

  it('tells where each event starts in a piece of whole named events, as Responses and Anthropic streams are written', async () => {
    const text = 'event: response.created\ndata: {"a":1}\n\ndata: 2\n\nevent: response.completed\ndata: {"b":2}\n\n';
    const [chunk] = await collect(text);
    assert.deepEqual(chunk?.events, [
      { event: 'response.created', data: '{"a":1}' },
      { event: undefined, data: '2' },
      { event: 'response.completed', data: '{"b":2}' },
    ]);
    assert.deepEqual(chunk?.eventStarts, [0, 39, 48]);
  });

  it('reads every piece of every stream as the SSE parser alone reads it', async () => {
    const streams = [
      'data: {"a":1}\n\ndata: {"b":"x y"}\n\ndata: [DONE]\n\n',
      'data: 1\n\nevent: named\ndata: 2\n\n: comment\n\ndata: 3\n\n',
      'data: 1\r\n\r\ndata: 2\n\ndata:3\n\ndata: \n\ndata: 4\ndata: 5\n\nid: 7\ndata: 6\n\n',
      'data: 1\n\n\ndata: 2\n\nretry: 10\n\ndata: a\rb\n\ndata: 3\n\n',
      'event: a\ndata: 1\n\nevent: b:c\ndata: 2\n\nevent:  d\ndata: 3\n\nevent: e\r\ndata: 4\n\nevent: f\rg\ndata: 5\n\n',
      'event: \ndata: 1\n\nevent:h\ndata: 2\n\nevent: i\nevent: j\ndata: 3\n\nevent: k\n\nevent: l\ndata: \n\ndata: 6\n\n',
    ];
    for (const stream of streams) {
      for (let cut = 1; cut < stream.length; cut += 1) {
        const texts = [stream.slice(0, cut), stream.slice(cut)];
        const events = (await collect(...texts)).map((chunk) => chunk.events);
        assert.deepEqual(events, parsedAlone(texts), JSON.stringify(texts));
      }
    }
  });
});

/** The events each piece completes, read by the SSE parser alone (the stream's end as readUpstreamChunks ends it). */
function parsedAlone(texts: string[]): UpstreamEvent[][] {
  let pending: UpstreamEvent[] = [];
  const parser = createParser({ onEvent: (message) => pending.push({ event: message.event, data: message.data }) });
  const perPiece = [...texts, '\n\n'].map((text) => {
    parser.feed(text);
    const events = pending;
    pending = [];
    return events;
  });
  if (perPiece.at(-1)?.length === 0) perPiece.pop();
  return perPiece;
}
