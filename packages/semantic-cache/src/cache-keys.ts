import type { HashTag } from '@sluice/queues';

/**
 * The Redis keys of one exact entry: the fresh copy, and the longer-lived copy for serve_stale_on_error. Both carry
 * the entry's hash tag, so the MULTI that writes them runs on one cluster slot.
 */
export function exactRedisKey(prefix: string, entryKey: string, hashTag: HashTag): string {
  return `${prefix}exact:${hashTag(entryKey)}`;
}

export function staleRedisKey(prefix: string, entryKey: string, hashTag: HashTag): string {
  return `${prefix}stale:${hashTag(entryKey)}`;
}
