/** One line of an NDJSON stream, numbered from 1; `tooLong` lines are not kept (only counted). */
export type NdjsonLine = { number: number; text: string; tooLong?: false } | { number: number; tooLong: true };

const NEWLINE = 10;
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Splits a byte stream into lines as it arrives, holding at most one line (up to `maxLineBytes`) in memory: a
 * longer line is reported as too long and skipped to its end. Blank lines are skipped; `\r\n` is accepted; a byte
 * order mark at the start is dropped. Each line is decoded (UTF-8, invalid bytes replaced) once it is whole, so a
 * line read in one chunk — nearly every line — is one slice of that chunk decoded.
 */
export async function* ndjsonLines(
  source: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  /** The start of the current line, from earlier chunks. */
  let pieces: Buffer[] = [];
  let bytes = 0;
  let number = 0;
  let skipping = false;
  const finish = (tail: Buffer): NdjsonLine | undefined => {
    number += 1;
    const tooLong = skipping || bytes + tail.length > maxLineBytes;
    const whole = tooLong || pieces.length === 0 ? tail : Buffer.concat([...pieces, tail]);
    pieces = [];
    bytes = 0;
    skipping = false;
    if (tooLong) return { number, tooLong: true };
    let text = whole.toString('utf8');
    if (number === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return text.trim() === '' ? undefined : { number, text };
  };
  for await (const chunk of source) {
    const buffer =
      typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let start = 0;
    for (let index = buffer.indexOf(NEWLINE); index !== -1; index = buffer.indexOf(NEWLINE, start)) {
      const line = finish(buffer.subarray(start, index));
      if (line !== undefined) yield line;
      start = index + 1;
    }
    const rest = buffer.subarray(start);
    if (rest.length === 0 || skipping) continue;
    bytes += rest.length;
    if (bytes > maxLineBytes) {
      skipping = true;
      pieces = [];
    } else {
      // A copy: the source may reuse its chunk's memory once the next is asked for.
      pieces.push(Buffer.from(rest));
    }
  }
  if (pieces.length > 0 || skipping) {
    const line = finish(Buffer.alloc(0));
    if (line !== undefined) yield line;
  }
}
