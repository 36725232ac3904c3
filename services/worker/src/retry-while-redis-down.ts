import { isRedisUnavailable } from '@sluice/queues';

export interface RedisOutageRetry {
  /** Give up once a wait would end past this (the request's deadline). */
  deadlineAt: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called once, at the first failure that is waited out. */
  onWait?: (error: unknown) => void;
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/**
 * Runs a Redis write; while Redis is unreachable (restarting, failing over) it tries again with backoff, until the
 * deadline. Any other failure, or one past the deadline, is thrown as it came (docs/failures-and-retries.md).
 */
export async function retryWhileRedisDown<T>(write: () => Promise<T>, options: RedisOutageRetry): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let delayMs = FIRST_DELAY_MS;
  let waited = false;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isRedisUnavailable(error) || now() + delayMs > options.deadlineAt) throw error;
      if (!waited) options.onWait?.(error);
      waited = true;
    }
    await sleep(delayMs);
    delayMs = Math.min(MAX_DELAY_MS, delayMs * 2);
  }
}
