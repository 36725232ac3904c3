/** Exponential backoff with full jitter; a provider's Retry-After, when longer, wins. */
export function backoffDelay(options: {
  attempt: number;
  baseMs: number;
  retryAfterMs?: number | undefined;
  random?: () => number;
  maxMs?: number;
}): number {
  const ceiling = Math.min(options.maxMs ?? 30_000, options.baseMs * 2 ** Math.max(0, options.attempt - 1));
  const jittered = Math.floor((options.random ?? Math.random)() * ceiling);
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
