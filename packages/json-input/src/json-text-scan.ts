/** The characters a scan of JSON text looks for, as charCodeAt gives them. */
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACE = 0x7d;
export const CLOSE_BRACKET = 0x5d;

/**
 * Where the string opened at `open` ends: the next quote not escaped by an odd run of backslashes, found with indexOf
 * (most of a body's bytes are inside strings); the text's end for an unterminated string. Each backslash is counted
 * once, before the one quote it precedes, so the scan stays linear.
 */
export function closingQuote(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}
