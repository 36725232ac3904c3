import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLines } from './read-lines';

async function* chunksOf(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

async function collect(lines: AsyncIterable<{ number: number; text: string; tooLong: boolean }>) {
  const found = [];
  for await (const line of lines) found.push(line);
  return found;
}

test('lines split across chunks, CRLF, blank lines counted but skipped, no trailing newline', async () => {
  const lines = await collect(readLines(chunksOf('{"a":1}\r\n{"b"', ':2}\n\n   \n{"c":3}'), 1000));
  assert.deepEqual(lines, [
    { number: 1, text: '{"a":1}', tooLong: false },
    { number: 2, text: '{"b":2}', tooLong: false },
    { number: 5, text: '{"c":3}', tooLong: false },
  ]);
});

test('a multi-byte character split between chunks decodes whole', async () => {
  const bytes = Buffer.from('"héllo"\n');
  const lines = await collect(readLines(chunksOf(bytes.subarray(0, 3), bytes.subarray(3)), 1000));
  assert.deepEqual(lines, [{ number: 1, text: '"héllo"', tooLong: false }]);
});

test('an over-long line is reported without holding it, and the next line still reads', async () => {
  const lines = await collect(readLines(chunksOf('x'.repeat(30), 'y'.repeat(30), 'z\n{"ok":1}\n'), 40));
  assert.deepEqual(lines, [
    { number: 1, text: '', tooLong: true },
    { number: 2, text: '{"ok":1}', tooLong: false },
  ]);
});
