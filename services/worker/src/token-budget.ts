import type { RedisClient } from '@sluice/queues';

const WINDOW_MS = 60_000;

/**
 * Reserves the estimated tokens of a call against the account's tokens-per-minute limit; a window that cannot fit
 * them answers how long until the next. The first call of a window always fits, so a large request is never stuck.
 */
const RESERVE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if used > 0 and used + wanted > tonumber(ARGV[2]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then ttl = tonumber(ARGV[3]) end
  return ttl
end
redis.call('INCRBY', KEYS[1], wanted)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return -1
`;

export type Reservation = { granted: true; windowKey: string } | { granted: false; retryInMs: number };

export class TokenBudget {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly now: () => number = Date.now,
  ) {}

  async reserve(providerId: string, tokensPerMinute: number, tokens: number): Promise<Reservation> {
    const windowStart = Math.floor(this.now() / WINDOW_MS) * WINDOW_MS;
    const windowKey = `${this.keyPrefix}:tpm:${providerId}:${windowStart}`;
    const remainingMs = windowStart + WINDOW_MS - this.now() + 1;
    const result = Number(await this.redis.eval(RESERVE, 1, windowKey, tokens, tokensPerMinute, remainingMs));
    return result < 0 ? { granted: true, windowKey } : { granted: false, retryInMs: Math.max(1, result) };
  }

  /** Replaces the estimate with what the call really used. */
  async settle(windowKey: string, estimated: number, actual: number): Promise<void> {
    if (actual !== estimated) await this.redis.incrby(windowKey, actual - estimated);
  }
}

/**
 * An upper-bound guess of a call's tokens: the prompt's characters / 4 plus the completion it may produce. `bodyText`,
 * the whole request's text when the job carries it, is counted as the prompt.
 */
export function estimateCallTokens(body: Record<string, unknown>, bodyText?: string): number {
  const promptChars = (bodyText ?? JSON.stringify(body.messages ?? body.input ?? '')).length;
  const chat = body.messages !== undefined || bodyText !== undefined;
  const maxOutput = Number(body.max_completion_tokens ?? body.max_tokens ?? 0) || (chat ? 1024 : 0);
  return Math.ceil(promptChars / 4) + maxOutput;
}
