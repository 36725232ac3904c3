import { StringDecoder } from 'node:string_decoder';

/** One line of a JSONL file: its 1-based number, its text, or `tooLong` when it passed the limit (text dropped). */
export interface FileLine {
  number: number;
  text: string;
  tooLong: boolean;
}

/**
 * Splits a stream of chunks into lines (LF or CRLF), decoding UTF-8 across chunk boundaries. Blank lines are
 * skipped but still counted, so numbers match the file. A line over `maxLineChars` is reported, not accumulated.
 */
export async function* readLines(chunks: AsyncIterable<Buffer>, maxLineChars: number): AsyncGenerator<FileLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflowing = false;
  let number = 0;
  const emit = function* (text: string, tooLong: boolean): Generator<FileLine> {
    number += 1;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (tooLong || line.trim() !== '') yield { number, text: tooLong ? '' : line, tooLong };
  };
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const piece = overflowing ? '' : pending + text.slice(start, newline);
      yield* emit(piece, overflowing || piece.length > maxLineChars);
      pending = '';
      overflowing = false;
      start = newline + 1;
    }
    if (!overflowing) pending += text.slice(start);
    if (pending.length > maxLineChars) {
      overflowing = true;
      pending = '';
    }
  }
  const rest = overflowing ? '' : pending + decoder.end();
  if (overflowing || rest !== '') yield* emit(rest, overflowing || rest.length > maxLineChars);
}
