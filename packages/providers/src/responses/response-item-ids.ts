import { randomBytes } from 'node:crypto';

/** OpenAI-style ids: a prefix and 48 hex characters (`resp_…`, `msg_…`, `fc_…`, `rs_…`). */
export function newItemId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}
