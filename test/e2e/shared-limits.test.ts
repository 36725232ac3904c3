import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { CircuitBreaker } from '../../services/worker/src/circuit-breaker';
import { TokenBudget } from '../../services/worker/src/token-budget';
import { deleteKeys } from '../helpers/start-test-gateway';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl);
const prefix = `limits-${randomUUID().slice(0, 8)}`;
after(async () => {
  await deleteKeys(redisUrl, prefix);
  redis.disconnect();
});

test('the token budget reserves, refuses past the limit, and settles to the real count', async () => {
  let clock = 120_000;
  const budget = new TokenBudget(redis, prefix, () => clock);
  const first = await budget.reserve('acct', 1_000, 600);
  assert.equal(first.granted, true);
  const second = await budget.reserve('acct', 1_000, 600);
  assert.equal(second.granted, false);
  assert.ok(!second.granted && second.retryInMs > 0 && second.retryInMs <= 60_001);
  if (first.granted) await budget.settle(first.windowKey, 600, 300);
  assert.equal((await budget.reserve('acct', 1_000, 600)).granted, true, 'the unused estimate was given back');
  clock += 60_000;
  assert.equal((await budget.reserve('acct', 1_000, 5_000)).granted, true, 'a new window always takes its first call');
});

test('concurrent reservations never overspend the window', async () => {
  const budget = new TokenBudget(redis, prefix, () => 600_000);
  const results = await Promise.all(Array.from({ length: 50 }, () => budget.reserve('busy', 1_000, 100)));
  assert.equal(results.filter((result) => result.granted).length, 10);
});

test('the breaker opens after N failures, admits one probe after the cooldown, and closes on success', async () => {
  const breaker = new CircuitBreaker(redis, prefix, noHashTag, { failures: 2, windowMs: 10_000, cooldownMs: 200 });
  assert.equal(await breaker.admit('t'), 'closed');
  assert.equal(await breaker.recordFailure('t'), false);
  assert.equal(await breaker.recordFailure('t'), true);
  assert.equal(await breaker.admit('t'), 'open');
  await new Promise((resolve) => setTimeout(resolve, 250));
  const admissions = await Promise.all([breaker.admit('t'), breaker.admit('t'), breaker.admit('t')]);
  assert.deepEqual(admissions.sort(), ['open', 'open', 'probe'], 'exactly one probe across concurrent callers');
  assert.equal(await breaker.recordFailure('t'), true, 'a failed probe re-opens at once');
  assert.equal(await breaker.admit('t'), 'open');
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(await breaker.admit('t'), 'probe');
  await breaker.recordSuccess('t', 'probe');
  assert.equal(await breaker.admit('t'), 'closed');
});
