import type { RedisClient } from '@sluice/queues';
import { runScript } from '../redis-script';
import { CHARGE_WINDOWS, SETTLE_WINDOWS } from './sliding-window-scripts';

/** One counter a request is charged to. Amounts are integers (requests, tokens, nano-USD). */
export interface WindowCharge {
  counterKey: string;
  windowMs: number;
  quota: number;
  cost: number;
  /** Requests: admit while used + cost <= quota. Amounts: admit while used < quota (the estimate is settled later). */
  strict: boolean;
}

export interface WindowOutcome {
  /** Charged so far in the window, this request included when admitted. */
  used: number;
  /** When refused: how long until enough of the window expires for this request to fit. */
  retryAfterMs: number;
  /** How long until the oldest charge leaves the window. */
  resetMs: number;
}

/** Exact sliding windows in Redis: each charge is kept until it ages out, and a request is charged to all or none. */
export class SlidingWindowLimiter {
  constructor(private readonly redis: RedisClient) {}

  async charge(
    member: string,
    charges: readonly WindowCharge[],
    now = Date.now(),
  ): Promise<{ allowed: boolean; outcomes: WindowOutcome[] }> {
    if (charges.length === 0) return { allowed: true, outcomes: [] };
    const keys = charges.flatMap((charge) => [charge.counterKey, `${charge.counterKey}:amounts`]);
    const args = charges.flatMap((charge) => [
      charge.windowMs,
      Math.floor(charge.quota),
      Math.ceil(charge.cost),
      charge.strict ? 1 : 0,
    ]);
    const reply = (await runScript(this.redis, CHARGE_WINDOWS, keys, [now, member, charges.length, ...args])) as (
      | number
      | string
    )[];
    const outcomes = charges.map((_, index) => ({
      used: Number(reply[1 + index * 3]),
      retryAfterMs: Number(reply[2 + index * 3]),
      resetMs: Number(reply[3 + index * 3]),
    }));
    return { allowed: Number(reply[0]) === 1, outcomes };
  }

  /** Replaces a member's estimated charge with the real amount in each counter that still holds it. */
  async settle(member: string, settlements: readonly { counterKey: string; amount: number }[]): Promise<void> {
    if (settlements.length === 0) return;
    const keys = settlements.flatMap((settlement) => [settlement.counterKey, `${settlement.counterKey}:amounts`]);
    await runScript(this.redis, SETTLE_WINDOWS, keys, [
      member,
      ...settlements.map((settlement) => Math.max(0, Math.round(settlement.amount))),
    ]);
  }
}
