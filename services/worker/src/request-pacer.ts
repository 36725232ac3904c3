import type { RedisClient } from '@sluice/queues';

/**
 * GCRA over Redis's own clock: each call of an account takes the next free slot, `interval` ms after the last, so
 * upstream calls stay evenly spaced across every worker process and no second carries more than the limit. A slot
 * further away than `maxWaitMs` is not taken; the caller hears how long until one would be.
 */
const RESERVE = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local interval = tonumber(ARGV[1])
local theoretical = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, theoretical)
local wait = start - now
if wait > tonumber(ARGV[2]) then return -wait end
redis.call('SET', KEYS[1], start + interval, 'PX', math.ceil(wait + interval + 1000))
return wait
`;

/** Calls are paced at 98% of the limit, so network jitter never carries a provider's second over it. */
const HEADROOM = 0.98;

export type PaceDecision = { reserved: true; waitMs: number } | { reserved: false; retryInMs: number };

export class RequestPacer {
  constructor(
    private readonly redis: RedisClient,
    private readonly keyPrefix: string,
  ) {}

  async reserve(providerId: string, requestsPerMinute: number, maxWaitMs: number): Promise<PaceDecision> {
    const intervalMs = 60_000 / (requestsPerMinute * HEADROOM);
    const result = Number(
      await this.redis.eval(RESERVE, 1, `${this.keyPrefix}:pace:${providerId}`, intervalMs, maxWaitMs),
    );
    return result >= 0 ? { reserved: true, waitMs: result } : { reserved: false, retryInMs: -result };
  }
}
