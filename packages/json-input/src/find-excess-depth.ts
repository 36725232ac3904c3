import { CLOSE_BRACE, CLOSE_BRACKET, COLON, closingQuote, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-text-scan';

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
