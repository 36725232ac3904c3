import { countTokens } from './count-tokens';

/** About 16 KB of text per tokenizer pass: a few milliseconds of work between turns of the event loop. */
const SLICE_CHARACTERS = 16_384;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * countTokens for text of any size without holding the event loop: the text is encoded in slices cut at whitespace
 * (so a slice boundary splits no word) with a turn of the loop between slices. The caller bounds the size (the body
 * limit does for request bodies).
 */
export async function countTokensInSlices(text: string, model: string): Promise<number> {
  let total = 0;
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SLICE_CHARACTERS);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    }
    total += await countTokens(text.slice(start, end), model);
    start = end;
    if (start < text.length) await nextTurn();
  }
  return total;
}
