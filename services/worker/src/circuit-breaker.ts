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

/** Where breakers announce the circuits they open: a channel, and a subscriber connection of the listener's own. */
export interface BreakerTrips {
  channel: string;
  subscriber: RedisClient;
}

/**
 * How long a `closed` admission is reused without asking Redis, while trips are heard. A circuit only leaves
 * `closed` by a trip, which every breaker hears within a Redis round trip; the bound covers a trip announcement lost
 * to a reconnect.
 */
const CLOSED_REUSE_MS = 1_000;

/**
 * From this age on, a call that reuses a `closed` admission also has it checked again (CHECK) at the end of the event
 * loop's turn, once the call has gone upstream, so that a target called steadily keeps a fresh one and none of its
 * calls waits for Redis, or writes to it, before going upstream.
 */
const CLOSED_RECHECK_MS = CLOSED_REUSE_MS / 2;

const ADMIT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'open' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'closed' end
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) then return 'probe' end
return 'open'
`;

/** ADMIT's reading without its side effect: a due probe is left for a call to take (`tripped`). */
const CHECK = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'open' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'closed' end
return 'tripped'
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
 *
 * With `trips` (once started), a breaker that opens a circuit announces it, and every breaker reuses a `closed`
 * admission until it hears of a trip of that target (or CLOSED_REUSE_MS passes), so the calls of a healthy target
 * cost no Redis round trip before they go upstream.
 */
export class CircuitBreaker {
  private readonly scripts: BreakerScripts;
  /** When each target was last admitted `closed` by Redis; kept only while trips are heard. */
  private readonly closedAt = new Map<string, number>();
  /** Each target's admission round trip in flight, while trips are heard. */
  private readonly asking = new Map<string, { askedAt: number; admission: Promise<Admission | 'failed'> }>();
  /** The targets whose reused `closed` admission is being checked again. */
  private readonly checking = new Set<string>();
  private listening = false;

  constructor(
    redis: RedisClient,
    private readonly keyPrefix: string,
    private readonly hashTag: HashTag,
    private readonly options: CircuitBreakerOptions,
    private readonly trips?: BreakerTrips,
    private readonly now: () => number = Date.now,
  ) {
    this.scripts = defineBreakerScripts(redis);
  }

  /** Listens for trips (when `trips` was given); until then every admission asks Redis. */
  async start(): Promise<void> {
    if (!this.trips) return;
    const { subscriber, channel } = this.trips;
    subscriber.on('message', this.onMessage);
    // A reconnect may have missed announcements: what was heard before it is not trusted.
    subscriber.on('ready', this.forget);
    await subscriber.subscribe(channel);
    this.listening = true;
  }

  /** Stops listening; the subscriber connection is the caller's to close. */
  stop(): void {
    this.listening = false;
    this.forget();
    this.trips?.subscriber.off('message', this.onMessage);
    this.trips?.subscriber.off('ready', this.forget);
  }

  /**
   * Without a trip heard since the last `closed`, none (from CLOSED_RECHECK_MS on, a check after the call); otherwise
   * one round trip (a cached script). While trips are heard, the calls that arrive during a target's round trip wait
   * for it and reuse a `closed` answer as they would a cached one, rather than each asking Redis (any other answer — a
   * probe is one caller's — they ask for themselves).
   */
  async admit(target: string): Promise<Admission> {
    const closedAt = this.closedAt.get(target);
    const age = closedAt === undefined ? Number.POSITIVE_INFINITY : this.now() - closedAt;
    if (this.listening && age < CLOSED_REUSE_MS) {
      if (age >= CLOSED_RECHECK_MS) setImmediate(this.recheck, target);
      return 'closed';
    }
    const asking = this.listening ? this.asking.get(target) : undefined;
    if (asking && (await asking.admission) === 'closed' && !this.tripHeardSince(target, asking.askedAt))
      return 'closed';
    return this.ask(target);
  }

  private async ask(target: string): Promise<Admission> {
    const askedAt = this.now();
    const keys = this.keys(target);
    const admission = this.scripts.breakerAdmit(
      keys.open,
      keys.tripped,
      keys.probe,
      this.options.cooldownMs,
    ) as Promise<Admission>;
    const entry = { askedAt, admission: admission.catch(() => 'failed' as const) };
    if (this.listening) this.asking.set(target, entry);
    try {
      const answer = await admission;
      // A trip heard while the script ran deleted the entry; an admission read before it must not bring it back.
      if (answer === 'closed' && this.listening && !this.tripHeardSince(target, askedAt))
        this.closedAt.set(target, askedAt);
      return answer;
    } finally {
      if (this.asking.get(target) === entry) this.asking.delete(target);
    }
  }

  /**
   * Checks a reused `closed` admission again without taking a probe: still closed, it is renewed from when it was
   * asked; anything else (or a trip heard meanwhile) drops it, so the next call asks for itself. A failed check
   * changes nothing: the admission expires as it would have.
   */
  private readonly recheck = (target: string): void => {
    if (this.checking.has(target)) return;
    this.checking.add(target);
    const askedAt = this.now();
    const keys = this.keys(target);
    this.scripts
      .breakerCheck(keys.open, keys.tripped)
      .then((answer) => {
        if (!this.listening || this.tripHeardSince(target, askedAt)) return;
        if (answer === 'closed') this.closedAt.set(target, askedAt);
        else this.closedAt.delete(target);
      })
      .catch(() => undefined)
      .finally(() => this.checking.delete(target));
  };

  /** Returns true when this failure opened the circuit; the opening is announced to every breaker. */
  async recordFailure(target: string): Promise<boolean> {
    const keys = this.keys(target);
    const { failures, windowMs, cooldownMs } = this.options;
    const opened =
      (await this.scripts.breakerFail(
        keys.open,
        keys.tripped,
        keys.probe,
        keys.failures,
        failures,
        windowMs,
        cooldownMs,
      )) === 1;
    if (opened) {
      this.heardTrip(target);
      if (this.trips) await this.scripts.redis.publish(this.trips.channel, target);
    }
    return opened;
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

  /** When the last trip of each target was heard, so that an admission asked before it is not kept. */
  private readonly trippedAt = new Map<string, number>();

  private readonly onMessage = (channel: string, target: string) => {
    if (channel === this.trips?.channel) this.heardTrip(target);
  };

  private readonly forget = () => {
    this.closedAt.clear();
    this.asking.clear();
    this.trippedAt.clear();
  };

  private heardTrip(target: string): void {
    this.closedAt.delete(target);
    this.trippedAt.set(target, this.now());
  }

  private tripHeardSince(target: string, since: number): boolean {
    const heard = this.trippedAt.get(target);
    return heard !== undefined && heard >= since;
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
  breakerCheck(...arguments_: (string | number)[]): Promise<unknown>;
  breakerFail(...arguments_: (string | number)[]): Promise<unknown>;
}

function defineBreakerScripts(redis: RedisClient): BreakerScripts {
  if (!('breakerAdmit' in redis)) {
    redis.defineCommand('breakerAdmit', { numberOfKeys: 3, lua: ADMIT });
    redis.defineCommand('breakerCheck', { numberOfKeys: 2, lua: CHECK });
    redis.defineCommand('breakerFail', { numberOfKeys: 4, lua: FAIL });
  }
  const scripted = redis as unknown as Omit<BreakerScripts, 'redis'>;
  return {
    redis,
    breakerAdmit: (...arguments_) => scripted.breakerAdmit(...arguments_),
    breakerCheck: (...arguments_) => scripted.breakerCheck(...arguments_),
    breakerFail: (...arguments_) => scripted.breakerFail(...arguments_),
  };
}
