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
 * Finds past the end of an object member's value that starts at `at`: a caller that needs what is inside a member (the
 * request log's conversation inside a request body) scans it on the way instead of skipping it with valueEnd and
 * scanning it again. Undefined when malformed. A class's method rather than a closure made per call: V8 drops the
 * optimised code of a function literal once no closure of it is alive, and the logger's batches, apart by more than a
 * collection, compiled such callbacks again every time (BENCHMARKS.md, 2026-12-07 20:16–20:58 UTC notes).
 */
export interface MemberScanner {
  memberValueEnd(key: string, at: number): number | undefined;
}

/** Every member's value skipped. */
class SkippedMembers implements MemberScanner {
  constructor(private readonly bytes: Buffer) {}

  memberValueEnd(_key: string, at: number): number | undefined {
    return valueEnd(this.bytes, at);
  }
}

/**
 * The items of the container whose opening byte is at `at`, and the end past its closing byte: for an array (no
 * `members`) each element's range, for an object each member's key (decoded) and value range, its value's end
 * found by `members`. Undefined when malformed.
 */
function containerItems(
  bytes: Buffer,
  at: number,
  members?: MemberScanner,
): { keys: string[]; values: ByteRange[]; end: number } | undefined {
  const close = members === undefined ? CLOSE_BRACKET : CLOSE_BRACE;
  const keys: string[] = [];
  const values: ByteRange[] = [];
  let index = skipWhitespace(bytes, at + 1);
  if (bytes[index] === close) return { keys, values, end: index + 1 };
  for (;;) {
    let end: number | undefined;
    if (members === undefined) {
      end = valueEnd(bytes, index);
    } else {
      if (bytes[index] !== QUOTE) return undefined;
      const keyEnd = stringEnd(bytes, index);
      if (keyEnd === undefined) return undefined;
      const key = keyText(bytes, index, keyEnd);
      keys.push(key);
      index = skipWhitespace(bytes, keyEnd);
      if (bytes[index] !== COLON) return undefined;
      index = skipWhitespace(bytes, index + 1);
      end = members.memberValueEnd(key, index);
    }
    if (end === undefined) return undefined;
    values.push({ start: index, end });
    index = skipWhitespace(bytes, end);
    if (bytes[index] === close) return { keys, values, end: index + 1 };
    if (bytes[index] !== COMMA) return undefined;
    index = skipWhitespace(bytes, index + 1);
  }
}

/** The key whose quoted text lies from `start` to `end`, decoded. */
function keyText(bytes: Buffer, start: number, end: number): string {
  const raw = bytes.subarray(start, end);
  return raw.includes(BACKSLASH)
    ? (JSON.parse(raw.toString('utf8')) as string)
    : raw.toString('utf8', 1, raw.length - 1);
}

/** Whether the value at `at` is an object (its first byte is `{`). */
export function isObjectAt(bytes: Buffer, at: number): boolean {
  return bytes[at] === OPEN_BRACE;
}

/** A container's items and the end past its closing byte. */
export interface ScannedContainer<Item> {
  items: Item[];
  end: number;
}

/**
 * The members of the object whose `{` is at `at`, in order, each value's end found by `members`, and the
 * object's end; undefined when it is not an object.
 */
export function scanObject(
  bytes: Buffer,
  at: number,
  members: MemberScanner,
): ScannedContainer<ObjectMember> | undefined {
  if (!isObjectAt(bytes, at)) return undefined;
  const scanned = containerItems(bytes, at, members);
  if (scanned === undefined) return undefined;
  const items = scanned.values.map((value, index) => ({ key: scanned.keys[index] as string, value }));
  return { items, end: scanned.end };
}

/** The members of the object whose `{` is at `at`, in order; undefined when it is not an object. */
export function objectMembers(bytes: Buffer, at: number): ObjectMember[] | undefined {
  return scanObject(bytes, at, new SkippedMembers(bytes))?.items;
}

/** The elements of the array whose `[` is at `at`, and its end; undefined when it is not an array. */
export function scanArray(bytes: Buffer, at: number): ScannedContainer<ByteRange> | undefined {
  const scanned = bytes[at] === OPEN_BRACKET ? containerItems(bytes, at) : undefined;
  return scanned === undefined ? undefined : { items: scanned.values, end: scanned.end };
}
