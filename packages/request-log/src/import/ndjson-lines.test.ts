import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type NdjsonLine, ndjsonLines } from './ndjson-lines';

async function* streamOf(chunks: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* chunks;
}

async function linesOf(chunks: (string | Uint8Array)[], maxLineBytes = 100): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of ndjsonLines(streamOf(chunks), maxLineBytes)) lines.push(line);
  return lines;
}

test('numbers lines across chunks, skipping blank ones and a CR before the newline', async () => {
  assert.deepEqual(await linesOf(['{"a":1}\r\n\n  \n{"b"', ':2}\n{"c":', '3', '}']), [
    { number: 1, text: '{"a":1}' },
    { number: 4, text: '{"b":2}' },
    { number: 5, text: '{"c":3}' },
  ]);
});

test('decodes a character whose bytes are split between chunks, and drops a leading byte order mark', async () => {
  const bytes = Buffer.from('\uFEFF"é€😀"\n"ü"', 'utf8');
  const chunks = [...bytes].map((byte) => Uint8Array.of(byte));
  assert.deepEqual(await linesOf(chunks), [
    { number: 1, text: '"é€😀"' },
    { number: 2, text: '"ü"' },
  ]);
});

test('reports a line longer than the limit, in bytes, and reads on after it', async () => {
  const long = `"${'é'.repeat(30)}"`;
  assert.deepEqual(await linesOf([`${long}\n`, '"ok"\n', long.slice(0, 20), long.slice(20), '\n"end"'], 50), [
    { number: 1, tooLong: true },
    { number: 2, text: '"ok"' },
    { number: 3, tooLong: true },
    { number: 4, text: '"end"' },
  ]);
  assert.deepEqual(await linesOf(['"ok"\n', long], 50), [
    { number: 1, text: '"ok"' },
    { number: 2, tooLong: true },
  ]);
});

test('replaces bytes that are not UTF-8', async () => {
  assert.deepEqual(await linesOf([Uint8Array.of(0x22, 0xff, 0x22, 0x0a)]), [{ number: 1, text: '"\uFFFD"' }]);
});
