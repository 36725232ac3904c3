const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Where JSON text nests deeper than allowed: the top-level field it happens under (`''` for the root itself). */
export interface ExcessDepth {
  field: string;
}

/**
 * Scans JSON text once, before it is parsed, for objects and arrays nested deeper than `maxDepth`; brackets inside
 * strings do not count. Linear in the text and allocation-free but for the key it reports, so a hostile body costs
 * no more to refuse than to read. Malformed text is left for the parser to refuse.
 */
export function findExcessDepth(text: string, maxDepth: number): ExcessDepth | undefined {
  let depth = 0;
  let lastString: { start: number; end: number } | undefined;
  let topKey: { start: number; end: number } | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const start = index;
      index = closingQuote(text, index);
      lastString = { start, end: index + 1 };
    } else if (code === COLON) {
      if (depth === 1) topKey = lastString;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return { field: depth === 1 || topKey === undefined ? '' : keyText(text, topKey) };
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return undefined;
}

/**
 * Where the string opened at `open` ends: the next quote not escaped by an odd run of backslashes, found with indexOf
 * (most of a body's bytes are inside strings); the text's end for an unterminated string. Each backslash is counted
 * once, before the one quote it precedes, so the scan stays linear.
 */
function closingQuote(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

/** A key's text, cut short, with NULs, surrogates, quotes and backslashes escaped as JSON escapes them. */
function keyText(text: string, span: { start: number; end: number }): string {
  const end = Math.min(span.end, span.start + 202);
  let key: string;
  try {
    const decoded: unknown = JSON.parse(text.slice(span.start, end));
    key = typeof decoded === 'string' ? decoded : '';
  } catch {
    key = text.slice(span.start + 1, Math.max(span.start + 1, end - 1));
  }
  return JSON.stringify(key).slice(1, -1);
}
