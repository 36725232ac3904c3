import { createHash } from 'node:crypto';
import { arrayElements, isObjectAt, objectMembers, skipWhitespace, valueEnd } from './json-byte-scan';

/**
 * The keys a request keeps its conversation under — OpenAI and Anthropic `messages`, Gemini `contents`, Responses
 * `input` items — in the order the body-words index and request_log_request_body look for them.
 */
const TURN_KEYS = ['messages', 'contents', 'input'] as const;

/** A turn's key in request_log_turns: the first 16 bytes of the SHA-256 of its JSON text. */
export const TURN_HASH_BYTES = 16;

/** An earlier turn of a request, stored apart and named by its hash. */
export interface SplitTurn {
  hash: Buffer;
  bytes: Buffer;
}

export interface SplitBodies {
  /** The bodies' JSON text with the earlier turns taken out and `request_turns` (their hashes, hex) added. */
  bodies: Buffer;
  /** The earlier turns, in order. */
  turns: SplitTurn[];
}

/**
 * Splits the JSON text of `{request_body, response_body, translated_request_body}` (docs/request-log.md, turns
 * stored once): the earlier turns of the request's conversation — all but the newest, which stays in the body for the
 * body-words index — are taken out and named, in order, by their hashes in `request_turns`. Undefined when the
 * request has no conversation of two turns or more, or the text is not as expected: the bodies are then stored whole.
 * A byte scan: nothing is parsed, and each turn is hashed as the bytes it came as.
 */
export function splitTurns(text: Buffer): SplitBodies | undefined {
  const start = skipWhitespace(text, 0);
  const end = valueEnd(text, start);
  const members = objectMembers(text, start);
  if (end === undefined || members === undefined) return undefined;
  const requests = members.filter((member) => member.key === 'request_body');
  if (requests.length !== 1 || members.some((member) => member.key === 'request_turns')) return undefined;
  const requestMembers = objectMembers(text, (requests[0] as (typeof requests)[number]).value.start);
  if (requestMembers === undefined) return undefined;
  const elements = conversation(text, requestMembers);
  if (elements === undefined || elements.length < 2) return undefined;
  const earlier = elements.slice(0, -1);
  const newest = elements[elements.length - 1] as (typeof elements)[number];
  const turns = earlier.map(({ start, end }) => {
    const bytes = text.subarray(start, end);
    return { hash: createHash('sha256').update(bytes).digest().subarray(0, TURN_HASH_BYTES), bytes };
  });
  const hashes = Buffer.concat(turns.map((turn) => turn.hash)).toString('hex');
  const bodies = Buffer.concat([
    text.subarray(0, (earlier[0] as (typeof earlier)[number]).start),
    text.subarray(newest.start, end - 1),
    Buffer.from(`,"request_turns":"${hashes}"}`),
  ]);
  return { bodies, turns };
}

/**
 * The elements of the request's conversation as the body-words index finds it: the first of TURN_KEYS the request
 * holds an array under, `input` only when its last item is an object (an embeddings request's strings are no
 * conversation). Undefined when there is none, or a key is repeated.
 */
function conversation(
  text: Buffer,
  requestMembers: NonNullable<ReturnType<typeof objectMembers>>,
): ReturnType<typeof arrayElements> {
  for (const key of TURN_KEYS) {
    const found = requestMembers.filter((member) => member.key === key);
    if (found.length > 1) return undefined;
    const elements = found[0] === undefined ? undefined : arrayElements(text, found[0].value.start);
    if (elements === undefined) continue;
    const last = elements[elements.length - 1];
    return key !== 'input' || (last !== undefined && isObjectAt(text, last.start)) ? elements : undefined;
  }
  return undefined;
}
