import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
