import { createHash, randomBytes } from 'node:crypto';

const ID_BYTES = 24;
/** Random bytes drawn 256 ids at a time: one call into the system's generator per 256 ids, not one per id. */
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let taken = POOL_BYTES;

/** OpenAI-style ids: a prefix and 48 hex characters (`resp_…`, `msg_…`, `fc_…`, `rs_…`). */
export function newItemId(prefix: string): string {
  if (taken + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  const id = pool.toString('hex', taken, taken + ID_BYTES);
  taken += ID_BYTES;
  return `${prefix}_${id}`;
}

/** How a response names its output items: by kind (`msg`, `fc`, `rs`) and place in `output`. */
export type ItemIds = (prefix: string, outputIndex: number) => string;

/** A fresh random id for every item. */
export const randomItemIds: ItemIds = (prefix) => newItemId(prefix);

/**
 * Ids derived from the response's id and the item's place: the same every time the response is built, so a background
 * stream read again (or resumed) and the finished response name each item alike.
 */
export function derivedItemIds(responseId: string): ItemIds {
  return (prefix, outputIndex) =>
    `${prefix}_${createHash('sha256').update(`${responseId}:${outputIndex}`).digest('hex').slice(0, 48)}`;
}
