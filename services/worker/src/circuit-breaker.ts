import type { HashTag, RedisClient } from '@sluice/queues';

export interface CircuitBreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  failures: number;
  windowMs: number;
  /** How long an open circuit skips its target before one probe is let through. */
  cooldownMs: number;
}

/** closed: call it. probe: the one trial call after a cooldown. open: skip it. */
export type Admission = 'closed' | 'probe' | 'open';

const ADMIT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'open' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'closed' end
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return 'probe' end
return 'open'
`;

const FAIL = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[3])
  return 1
end
local failures = redis.call('INCR', KEYS[4])
if failures == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[2]) end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[3])
  redis.call('SET', KEYS[2], '1')
  redis.call('DEL', KEYS[4])
  return 1
end
return 0
`;

/**
 * A circuit breaker per target, shared by every worker process through Redis: a target that keeps failing is
 * skipped for a cooldown, then probed with a single request; the probe's outcome closes or re-opens it.
 */
export class CircuitBreaker {
  private readonly scripts: BreakerScripts;

  constructor(
    redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly hashTag: HashTag,
    private readonly options: CircuitBreakerOptions,
  ) {
    this.scripts = defineBreakerScripts(redis);
  }

  /** One round trip on the hot path (a cached script). */
  async admit(target: string): Promise<Admission> {
    const keys = this.keys(target);
    return (await this.scripts.breakerAdmit(keys.open, keys.tripped, keys.probe, this.options.cooldownMs)) as Admission;
  }

  /** Returns true when this failure opened the circuit. */
  async recordFailure(target: string): Promise<boolean> {
    const keys = this.keys(target);
    const { failures, windowMs, cooldownMs } = this.options;
    return (
      (await this.scripts.breakerFail(
        keys.open,
        keys.tripped,
        keys.probe,
        keys.failures,
        failures,
        windowMs,
        cooldownMs,
      )) === 1
    );
  }

  /**
   * Only a successful probe changes anything (it closes the circuit); failures of a closed circuit expire with
   * their window, so ordinary successes cost no Redis call.
   */
  async recordSuccess(target: string, admission: Admission): Promise<void> {
    if (admission !== 'probe') return;
    const keys = this.keys(target);
    await this.scripts.redis.del(keys.tripped, keys.probe, keys.failures);
  }

  private keys(target: string) {
    // One target's four keys share a hash tag, so its scripts and DEL run on one cluster slot.
    const base = `${this.keyPrefix}:${this.hashTag(`breaker:${target}`)}`;
    return { open: `${base}:open`, tripped: `${base}:tripped`, probe: `${base}:probe`, failures: `${base}:failures` };
  }
}

interface BreakerScripts {
  redis: RedisClient;
  breakerAdmit(...arguments_: (string | number)[]): Promise<unknown>;
  breakerFail(...arguments_: (string | number)[]): Promise<unknown>;
}

function defineBreakerScripts(redis: RedisClient): BreakerScripts {
  if (!('breakerAdmit' in redis)) {
    redis.defineCommand('breakerAdmit', { numberOfKeys: 3, lua: ADMIT });
    redis.defineCommand('breakerFail', { numberOfKeys: 4, lua: FAIL });
  }
  const scripted = redis as unknown as Omit<BreakerScripts, 'redis'>;
  return {
    redis,
    breakerAdmit: (...arguments_) => scripted.breakerAdmit(...arguments_),
    breakerFail: (...arguments_) => scripted.breakerFail(...arguments_),
  };
}
