import { CLOSE_BRACE, CLOSE_BRACKET, COLON, closingQuote, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-text-scan';

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

const ESCAPED_LETTER = /\\u00[4-7]/;

/**
 * Whether JSON text may spell a letter with an escape (`\u0040`–`\u007f`): a key so spelled is one replaceTopLevelString
 * cannot see, so a caller replacing a member of such text must parse it instead (`"mod\u0065l"` repeats `"model"`).
 */
export function mayEscapeLetters(text: string): boolean {
  return ESCAPED_LETTER.test(text);
}

/**
 * A JSON object's text with the string value of its top-level member `key` replaced by `value` (the member that
 * counts when a key is repeated: the last), and every other byte as it was; undefined when the text has no such member
 * with a string value, or spells the key with escapes. One scan, strings skipped with indexOf, as findExcessDepth.
 */
export function replaceTopLevelString(text: string, key: string, value: string): string | undefined {
  const quotedKey = JSON.stringify(key);
  let depth = 0;
  let found: { start: number; end: number } | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const start = index;
      index = closingQuote(text, index);
      if (depth !== 1 || index - start + 1 !== quotedKey.length || !text.startsWith(quotedKey, start)) continue;
      const valueStart = stringValueAfter(text, index + 1);
      if (valueStart === undefined) continue;
      index = closingQuote(text, valueStart);
      found = { start: valueStart, end: index + 1 };
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth -= 1;
  }
  return found && text.slice(0, found.start) + JSON.stringify(value) + text.slice(found.end);
}

/** Where a string value starts after a key ending at `from` (whitespace, a colon, whitespace, a quote); else undefined. */
function stringValueAfter(text: string, from: number): number | undefined {
  let index = skipWhitespace(text, from);
  if (text.charCodeAt(index) !== COLON) return undefined;
  index = skipWhitespace(text, index + 1);
  return text.charCodeAt(index) === QUOTE ? index : undefined;
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (WHITESPACE.has(text.charCodeAt(index))) index += 1;
  return index;
}
