import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { type Budget, BudgetLedger, createGovernanceKeys, toNano } from '@sluice/governance';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { deleteKeys } from '../helpers/start-test-gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOUR = 3_600_000;

describe('the budget ledger on real Redis', () => {
  const prefix = `bl${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  const ledger = new BudgetLedger(redis, createGovernanceKeys(prefix, noHashTag));
  const budget: Budget = { usd: 1, period: 'month' };
  after(async () => {
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  test('100 concurrent requests against a nearly spent budget overspend by at most one reservation', async () => {
    const keyId = 'vk_race';
    await ledger.settle(keyId, budget, 'warm-up', undefined, toNano(0.95));
    const reservation = toNano(0.03);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        ledger.reserve(keyId, budget, `h${index}`, reservation, HOUR).then((result) => ({ index, result })),
      ),
    );
    const admitted = results.filter(({ result }) => result.admitted);
    assert.equal(admitted.length, 2, 'admitted while spent + reserved < limit: 0.95, 0.98 → 1.01');
    for (const { index } of admitted) await ledger.settle(keyId, budget, `e${index}`, `h${index}`, reservation);
    const state = await ledger.state(keyId, budget);
    assert.equal(state.reservedNano, 0, 'every hold was released by its settlement');
    assert.ok(
      state.spentNano - state.limitNano <= reservation,
      `overspent by ${state.spentNano - state.limitNano} nano-USD`,
    );
    assert.ok(!(await ledger.reserve(keyId, budget, 'late', 1, HOUR)).admitted);
  });

  test('settlement is once per event, charges the real cost and releases the hold', async () => {
    const keyId = 'vk_settle';
    assert.ok((await ledger.reserve(keyId, budget, 'h1', toNano(0.5), HOUR)).admitted);
    const first = await ledger.settle(keyId, budget, 'event-1', 'h1', toNano(0.1));
    const again = await ledger.settle(keyId, budget, 'event-1', 'h1', toNano(0.1));
    assert.equal(first.duplicate, false);
    assert.equal(again.duplicate, true);
    const state = await ledger.state(keyId, budget);
    assert.deepEqual([state.spentNano, state.reservedNano], [toNano(0.1), 0]);
  });

  test('a released or lapsed hold gives its reservation back', async () => {
    const keyId = 'vk_release';
    await ledger.reserve(keyId, budget, 'h-released', toNano(0.4), HOUR);
    await ledger.release(keyId, budget, 'h-released');
    await ledger.release(keyId, budget, 'h-released');
    assert.equal((await ledger.state(keyId, budget)).reservedNano, 0, 'released once, however often asked');
    await ledger.reserve(keyId, budget, 'h-lapsing', toNano(2), 10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const next = await ledger.reserve(keyId, budget, 'h-next', toNano(0.1), HOUR);
    assert.ok(next.admitted, 'the unsettled hold lapsed and no longer blocks the budget');
    assert.equal(next.reservedNano, toNano(0.1));
  });

  test('the 80% and 100% thresholds are each reported once per period', async () => {
    const keyId = 'vk_alerts';
    const crossed: number[][] = [];
    for (const [index, usd] of [0.5, 0.35, 0.05, 0.2, 0.1].entries()) {
      crossed.push((await ledger.settle(keyId, budget, `alert-${index}`, undefined, toNano(usd))).crossed);
    }
    assert.deepEqual(crossed, [[], [0.8], [], [1], []]);
  });
});
