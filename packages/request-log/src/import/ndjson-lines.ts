/** One line of an NDJSON stream, numbered from 1; `tooLong` lines are not kept (only counted). */
export type NdjsonLine = { number: number; text: string; tooLong?: false } | { number: number; tooLong: true };

/**
 * Splits a byte stream into lines as it arrives, holding at most one line (up to `maxLineBytes`) in memory: a
 * longer line is reported as too long and skipped to its end. Blank lines are skipped; `\r\n` is accepted.
 */
export async function* ndjsonLines(
  source: AsyncIterable<Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder('utf-8');
  let parts: string[] = [];
  let bytes = 0;
  let number = 0;
  let skipping = false;
  const finish = function* (): Generator<NdjsonLine> {
    number += 1;
    if (skipping) yield { number, tooLong: true };
    else {
      const text = parts.join('').replace(/\r$/, '');
      if (text.trim() !== '') yield { number, text };
    }
    parts = [];
    bytes = 0;
    skipping = false;
  };
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let index = buffer.indexOf(10); index !== -1; index = buffer.indexOf(10, start)) {
      take(buffer.subarray(start, index), false);
      yield* finish();
      start = index + 1;
    }
    take(buffer.subarray(start), true);
  }
  take(new Uint8Array(), false);
  if (parts.length > 0 || skipping) yield* finish();

  function take(piece: Uint8Array, more: boolean): void {
    if (skipping) return;
    bytes += piece.length;
    if (bytes > maxLineBytes) {
      skipping = true;
      parts = [];
      decoder.decode();
      return;
    }
    const text = decoder.decode(piece, { stream: more });
    if (text !== '') parts.push(text);
  }
}
