import type { RedisClient } from '@sluice/queues';
import type { GovernanceKeys } from '../governance-keys';
import type { Budget } from '../keys/virtual-key-schemas';
import { runScript } from '../redis-script';
import { RELEASE_BUDGET, RESERVE_BUDGET, SETTLE_BUDGET } from './budget-scripts';
import { type BudgetWindow, budgetWindow, previousBudgetWindow } from './budget-window';

export const NANO_USD = 1e9;

/** Kept after a period ends, so its spend can still be read. */
const RETAIN_AFTER_PERIOD_S = 7 * 24 * 3600;

export interface BudgetState {
  spentNano: number;
  reservedNano: number;
  limitNano: number;
  window: BudgetWindow;
}

export interface Reservation extends BudgetState {
  admitted: boolean;
}

export interface Settlement extends BudgetState {
  duplicate: boolean;
  /** Thresholds (0.8, 1) this settlement crossed first in its period: each alert goes out once. */
  crossed: number[];
}

/**
 * Per-key spend in Redis, exact under concurrency: reserve an upper bound before a request is enqueued, settle the
 * real cost from its completion event, release a hold whose request never ran. Amounts are nano-USD integers.
 */
export class BudgetLedger {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: GovernanceKeys,
  ) {}

  async reserve(
    keyId: string,
    budget: Budget,
    holdId: string,
    amountNano: number,
    holdTtlMs: number,
    now = new Date(),
  ): Promise<Reservation> {
    const window = budgetWindow(budget.period, now);
    const limitNano = toNano(budget.usd);
    const reply = (await runScript(
      this.redis,
      RESERVE_BUDGET,
      [this.keys.budgetPeriod(keyId, window.id), this.expiryKey(keyId, window)],
      [
        holdId,
        Math.max(0, Math.ceil(amountNano)),
        limitNano,
        now.getTime(),
        now.getTime() + holdTtlMs,
        ttlOf(window, now),
      ],
    )) as (number | string)[];
    return {
      admitted: Number(reply[0]) === 1,
      spentNano: Number(reply[1]),
      reservedNano: Number(reply[2]),
      limitNano,
      window,
    };
  }

  async settle(
    keyId: string,
    budget: Budget,
    eventId: string,
    holdId: string | undefined,
    costNano: number,
    now = new Date(),
  ): Promise<Settlement> {
    const current = budgetWindow(budget.period, now);
    const previous = previousBudgetWindow(budget.period, now);
    const limitNano = toNano(budget.usd);
    const reply = (await runScript(
      this.redis,
      SETTLE_BUDGET,
      [...this.periodKeys(keyId, current, previous), this.keys.budgetSettled(keyId, eventId)],
      [holdId ?? '', Math.max(0, Math.round(costNano)), limitNano, ttlOf(current, now)],
    )) as number[];
    if (Number(reply[0]) === -1)
      return { duplicate: true, crossed: [], spentNano: 0, reservedNano: 0, limitNano, window: current };
    const crossed = [Number(reply[3]) === 1 ? 0.8 : 0, Number(reply[4]) === 1 ? 1 : 0].filter(
      (threshold) => threshold > 0,
    );
    const window = Number(reply[0]) === 1 ? previous : current;
    return {
      duplicate: false,
      crossed,
      spentNano: Number(reply[1]),
      reservedNano: Number(reply[2]),
      limitNano,
      window,
    };
  }

  async release(keyId: string, budget: Budget, holdId: string, now = new Date()): Promise<void> {
    const current = budgetWindow(budget.period, now);
    const previous = previousBudgetWindow(budget.period, now);
    await runScript(this.redis, RELEASE_BUDGET, this.periodKeys(keyId, current, previous), [holdId]);
  }

  async state(keyId: string, budget: Budget, now = new Date()): Promise<BudgetState> {
    const window = budgetWindow(budget.period, now);
    const [spent, reserved] = await this.redis.hmget(this.keys.budgetPeriod(keyId, window.id), 'spent', 'reserved');
    return {
      spentNano: Number(spent ?? 0),
      reservedNano: Number(reserved ?? 0),
      limitNano: toNano(budget.usd),
      window,
    };
  }

  private periodKeys(keyId: string, current: BudgetWindow, previous: BudgetWindow): string[] {
    return [
      this.keys.budgetPeriod(keyId, current.id),
      this.expiryKey(keyId, current),
      this.keys.budgetPeriod(keyId, previous.id),
      this.expiryKey(keyId, previous),
    ];
  }

  private expiryKey(keyId: string, window: BudgetWindow): string {
    return `${this.keys.budgetPeriod(keyId, window.id)}:hold-expiry`;
  }
}

export function toNano(usd: number): number {
  return Math.round(usd * NANO_USD);
}

export function fromNano(nano: number): number {
  return Math.round(nano) / NANO_USD;
}

function ttlOf(window: BudgetWindow, now: Date): number {
  return Math.ceil((window.resetsAt.getTime() - now.getTime()) / 1000) + RETAIN_AFTER_PERIOD_S;
}
