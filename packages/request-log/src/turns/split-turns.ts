import {
  type ByteRange,
  isObjectAt,
  type MemberScanner,
  type ObjectMember,
  scanArray,
  scanObject,
  skipWhitespace,
  valueEnd,
} from './json-byte-scan';
import { TurnDigests } from './turn-digests';

/**
 * The keys a request keeps its conversation under — OpenAI and Anthropic `messages`, Gemini `contents`, Responses
 * `input` items — in the order the body-words index and request_log_request_body look for them.
 */
const TURN_KEYS = ['messages', 'contents', 'input'] as const;

/**
 * The request bodies whose earlier turns are stored apart, each with the member (and request_log_bodies column)
 * naming them: the body the client sent, and the one Sluice translated it into for the upstream.
 */
export const TURNS_OF_BODY = {
  request_body: 'request_turns',
  translated_request_body: 'translated_request_turns',
} as const;

/** A request body whose turns may be stored apart. */
export type BodyWithTurns = keyof typeof TURNS_OF_BODY;

/**
 * The fewest bytes of earlier turns (from the first's start to the newest's) a request body stores apart; fewer stay
 * in the body. A split costs ~5–10 µs of CPU a request (byte scan, SHA-256, the turns' insert) whatever it saves; kept
 * in the row, a 90-byte system prompt costs ~80 bytes of disk a row, 256 bytes a third of a short chat's stored
 * bodies (BENCHMARKS.md, 2026-12-07 10:21–11:40 UTC notes).
 */
export const MIN_TURNS_BYTES_APART = 256;

/**
 * An earlier turn of a request, stored apart and named by its hash (hex, TurnDigests): where its bytes lie in the text
 * split, taken (subarray) only for the turns to be inserted.
 */
export interface SplitTurn extends ByteRange {
  hash: string;
}

export interface SplitBodies {
  /**
   * The bodies' JSON text with the earlier turns taken out and, for each body split, its turns' hashes (hex) added
   * under its TURNS_OF_BODY member.
   */
  bodies: Buffer;
  /** The earlier turns, in order, the sent body's before the translated body's. */
  turns: SplitTurn[];
}

export interface SplitTurnsOptions {
  minBytesApart?: number;
  /** Where turns' hashes are computed, and those of turns seen recently remembered. */
  digests?: TurnDigests;
}

const UNREMEMBERED = new TurnDigests(0);

/** Where one body's earlier turns lie in the text: from the first's start to the newest turn's start. */
interface TurnsCut {
  turnsMember: string;
  from: number;
  to: number;
  turns: SplitTurn[];
}

/**
 * Splits the JSON text of `{request_body, response_body, translated_request_body}` (docs/request-log.md, turns
 * stored once): in each request body, sent and translated, the earlier turns of its conversation — all but the
 * newest, which stays in the body (for the body-words index, in the sent one) — are taken out and named, in order, by
 * their hashes under the body's TURNS_OF_BODY member, when they come to `minBytesApart` bytes or more. Undefined when
 * neither body has such a conversation, or the text is not as expected: the bodies are then stored whole. A byte scan: nothing is parsed, and each
 * turn is named by the hash of the bytes it came as (`digests`, none remembered by default).
 */
export function splitTurns(text: Buffer, options: SplitTurnsOptions = {}): SplitBodies | undefined {
  const { minBytesApart = MIN_TURNS_BYTES_APART, digests = UNREMEMBERED } = options;
  if (text.length < minBytesApart) return undefined;
  const scan = new ConversationScan(text);
  const members = scanObject(text, skipWhitespace(text, 0), new BodiesScan(text, scan))?.items;
  if (members === undefined) return undefined;
  const turnsMembers: readonly string[] = Object.values(TURNS_OF_BODY);
  if (members.some((member) => turnsMembers.includes(member.key))) return undefined;
  const cuts: TurnsCut[] = [];
  for (const [body, turnsMember] of Object.entries(TURNS_OF_BODY)) {
    const found = members.filter((member) => member.key === body);
    if (found.length > 1) return undefined;
    const elements = found[0] === undefined ? undefined : scan.conversationAt(found[0].value.start);
    const cut = elements === undefined ? undefined : turnsCut(text, elements, turnsMember, minBytesApart, digests);
    if (cut !== undefined) cuts.push(cut);
  }
  if (cuts.length === 0) return undefined;
  const parts: Buffer[] = [];
  let kept = 0;
  for (const cut of [...cuts].sort((a, b) => a.from - b.from)) {
    parts.push(text.subarray(kept, cut.from));
    kept = cut.to;
  }
  // Up to the last member's end: a split body has members, and only whitespace is left before the object's `}`.
  parts.push(text.subarray(kept, (members[members.length - 1] as ObjectMember).value.end));
  for (const cut of cuts) {
    parts.push(Buffer.from(`,"${cut.turnsMember}":"${cut.turns.map((turn) => turn.hash).join('')}"`));
  }
  parts.push(Buffer.from('}'));
  return { bodies: Buffer.concat(parts), turns: cuts.flatMap((cut) => cut.turns) };
}

/**
 * Whether splitTurns may take earlier turns out of a request body held as a parsed value, once serialised as
 * bodiesBytes serialises it: its conversation (found as splitTurns finds it) has earlier turns of `minBytesApart`
 * bytes of JSON or more. Never false where splitTurns would split (cleaning only shortens the text), so a row whose
 * bodies are values and that this rules out needs no bytes of them at all.
 */
export function mayHaveTurnsApart(body: unknown, minBytesApart = MIN_TURNS_BYTES_APART): boolean {
  const elements = isPlainObject(body) ? parsedConversation(body) : undefined;
  if (elements === undefined || elements.length < 2) return false;
  // Each earlier turn's JSON and the comma after it, up to the newest's start; counted until there are enough.
  let bytes = 0;
  for (let index = 0; index < elements.length - 1 && bytes < minBytesApart; index++)
    bytes += Buffer.byteLength(JSON.stringify(elements[index]) ?? 'null') + 1;
  return bytes >= minBytesApart;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** conversation() for a parsed request body. */
function parsedConversation(request: Record<string, unknown>): readonly unknown[] | undefined {
  for (const key of TURN_KEYS) {
    const elements = request[key];
    if (!Array.isArray(elements)) continue;
    return key !== 'input' || isPlainObject(elements[elements.length - 1]) ? elements : undefined;
  }
  return undefined;
}

/** The earlier turns of a conversation of two or more `elements`, when they come to `minBytesApart` bytes or more. */
function turnsCut(
  text: Buffer,
  elements: readonly ByteRange[],
  turnsMember: string,
  minBytesApart: number,
  digests: TurnDigests,
): TurnsCut | undefined {
  if (elements.length < 2) return undefined;
  const earlier = elements.slice(0, -1);
  const newest = elements[elements.length - 1] as ByteRange;
  const from = (earlier[0] as ByteRange).start;
  if (newest.start - from < minBytesApart) return undefined;
  const turns = earlier.map(({ start, end }) => ({ hash: digests.hexOf(text, start, end), start, end }));
  return { turnsMember, from, to: newest.start, turns };
}

/**
 * The request bodies of a text being scanned, and the arrays under their TURN_KEYS, recorded as the scan passes them:
 * the body's bytes are scanned once, where skipping each value and then scanning into it scanned a conversation three
 * times over.
 */
class ConversationScan implements MemberScanner {
  private readonly requests = new Map<number, ObjectMember[]>();
  private readonly arrays = new Map<number, ByteRange[]>();

  constructor(private readonly text: Buffer) {}

  /** Past the end of the request body at `at`, its members and the arrays under its TURN_KEYS recorded. */
  requestEnd(at: number): number | undefined {
    const { text } = this;
    if (!isObjectAt(text, at)) return valueEnd(text, at);
    const scanned = scanObject(text, at, this);
    if (scanned === undefined) return undefined;
    this.requests.set(at, scanned.items);
    return scanned.end;
  }

  /**
   * The elements of the conversation of the request body at `at` as the body-words index finds it: the first of
   * TURN_KEYS the request holds an array under, `input` only when its last item is an object (an embeddings request's
   * strings are no conversation). Undefined when there is none, or a key is repeated.
   */
  conversationAt(at: number): ByteRange[] | undefined {
    const members = this.requests.get(at);
    if (members === undefined) return undefined;
    for (const key of TURN_KEYS) {
      const found = members.filter((member) => member.key === key);
      if (found.length > 1) return undefined;
      const elements = found[0] === undefined ? undefined : this.arrays.get(found[0].value.start);
      if (elements === undefined) continue;
      const last = elements[elements.length - 1];
      return key !== 'input' || (last !== undefined && isObjectAt(this.text, last.start)) ? elements : undefined;
    }
    return undefined;
  }

  /** A request body's member: the arrays under TURN_KEYS scanned and recorded, the others skipped. */
  memberValueEnd(key: string, at: number): number | undefined {
    return (TURN_KEYS as readonly string[]).includes(key) ? this.arrayEnd(at) : valueEnd(this.text, at);
  }

  private arrayEnd(at: number): number | undefined {
    const scanned = scanArray(this.text, at);
    if (scanned === undefined) return valueEnd(this.text, at);
    this.arrays.set(at, scanned.items);
    return scanned.end;
  }
}

/** The text's top level: its request bodies scanned by `scan`, every other member skipped. */
class BodiesScan implements MemberScanner {
  constructor(
    private readonly text: Buffer,
    private readonly scan: ConversationScan,
  ) {}

  memberValueEnd(key: string, at: number): number | undefined {
    return Object.hasOwn(TURNS_OF_BODY, key) ? this.scan.requestEnd(at) : valueEnd(this.text, at);
  }
}
