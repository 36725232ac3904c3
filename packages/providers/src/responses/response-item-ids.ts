import { createHash, randomBytes } from 'node:crypto';

/** OpenAI-style ids: a prefix and 48 hex characters (`resp_…`, `msg_…`, `fc_…`, `rs_…`). */
export function newItemId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
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
