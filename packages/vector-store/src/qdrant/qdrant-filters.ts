import type { Schemas } from '@qdrant/js-client-rest';
import { EXPIRES_AT_FIELD, SCOPE_FIELD, storedScope } from './qdrant-point-payload';

type Filter = Schemas['Filter'];

/** Points of one scope (keyword match) that expire after `now` (integer range). */
export function liveInScope(scope: string, now: number): Filter {
  return {
    must: [
      { key: SCOPE_FIELD, match: { value: storedScope(scope) } },
      { key: EXPIRES_AT_FIELD, range: { gt: Math.floor(now) } },
    ],
  };
}

/** Points that expire at or before `now`. */
export function expiredBy(now: number): Filter {
  return { must: [{ key: EXPIRES_AT_FIELD, range: { lte: Math.floor(now) } }] };
}
