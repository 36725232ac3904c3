/**
 * A scan of JSON text as UTF-8 bytes that finds where values begin and end without decoding or parsing them (the
 * request log's turn storage, docs/request-log.md). The text is assumed valid JSON (it travelled as a parsed body);
 * each function returns undefined where the text is not what it expects, and the caller then stores the body whole.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A value's bytes: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One member of an object: its key (decoded) and its value's bytes. */
export interface ObjectMember {
  key: string;
  value: ByteRange;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipWhitespace(bytes: Uint8Array, at: number): number {
  let index = at;
  while (isWhitespace(bytes[index])) index += 1;
  return index;
}

/** Past the closing quote of the string whose opening quote is at `at`. */
function stringEnd(bytes: Buffer, at: number): number | undefined {
  let index = at + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, index);
    if (quote < 0) return undefined;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    index = quote + 1;
  }
}

/** Past the end of the value that starts at `at` (no whitespace before it). */
export function valueEnd(bytes: Buffer, at: number): number | undefined {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let index = at;
    while (index < bytes.length) {
      const byte = bytes[index];
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
      index += 1;
    }
    return index > at ? index : undefined;
  }
  let depth = 0;
  for (let index = at; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      const end = stringEnd(bytes, index);
      if (end === undefined) return undefined;
      index = end - 1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return undefined;
}

/**
 * The elements of the container (object when `members`, else array) whose opening byte is at `at`: for an array each
 * element's range, for an object each member's value range preceded by its key's range. Undefined when malformed.
 */
function containerItems(bytes: Buffer, at: number, members: boolean): ByteRange[] | undefined {
  const close = members ? CLOSE_BRACE : CLOSE_BRACKET;
  const items: ByteRange[] = [];
  let index = skipWhitespace(bytes, at + 1);
  if (bytes[index] === close) return items;
  for (;;) {
    if (members) {
      if (bytes[index] !== QUOTE) return undefined;
      const keyEnd = stringEnd(bytes, index);
      if (keyEnd === undefined) return undefined;
      items.push({ start: index, end: keyEnd });
      index = skipWhitespace(bytes, keyEnd);
      if (bytes[index] !== COLON) return undefined;
      index = skipWhitespace(bytes, index + 1);
    }
    const end = valueEnd(bytes, index);
    if (end === undefined) return undefined;
    items.push({ start: index, end });
    index = skipWhitespace(bytes, end);
    if (bytes[index] === close) return items;
    if (bytes[index] !== COMMA) return undefined;
    index = skipWhitespace(bytes, index + 1);
  }
}

/** Whether the value at `at` is an object (its first byte is `{`). */
export function isObjectAt(bytes: Buffer, at: number): boolean {
  return bytes[at] === OPEN_BRACE;
}

/** The members of the object whose `{` is at `at`, in order; undefined when it is not an object. */
export function objectMembers(bytes: Buffer, at: number): ObjectMember[] | undefined {
  if (!isObjectAt(bytes, at)) return undefined;
  const items = containerItems(bytes, at, true);
  if (items === undefined) return undefined;
  const members: ObjectMember[] = [];
  for (let index = 0; index + 1 < items.length; index += 2) {
    const key = items[index] as ByteRange;
    const raw = bytes.subarray(key.start, key.end);
    members.push({
      key: raw.includes(BACKSLASH)
        ? (JSON.parse(raw.toString('utf8')) as string)
        : raw.toString('utf8', 1, raw.length - 1),
      value: items[index + 1] as ByteRange,
    });
  }
  return members;
}

/** The elements of the array whose `[` is at `at`; undefined when it is not an array. */
export function arrayElements(bytes: Buffer, at: number): ByteRange[] | undefined {
  return bytes[at] === OPEN_BRACKET ? containerItems(bytes, at, false) : undefined;
}
