/** The Redis keys of one exact entry: the fresh copy, and the longer-lived copy for serve_stale_on_error. */
export function exactRedisKey(prefix: string, entryKey: string): string {
  return `${prefix}exact:${entryKey}`;
}

export function staleRedisKey(prefix: string, entryKey: string): string {
  return `${prefix}stale:${entryKey}`;
}
