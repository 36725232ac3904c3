import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import {
  ConsumerRateLimiter,
  createGovernanceKeys,
  parseRateLimitPolicies,
  SlidingWindowLimiter,
} from '@sluice/governance';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { deleteKeys } from '../helpers/start-test-gateway';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('sliding-window rate limits on real Redis', () => {
  const prefix = `rl${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  const limiter = new SlidingWindowLimiter(redis);
  after(async () => {
    await deleteKeys(REDIS_URL, prefix);
    redis.disconnect();
  });

  test('100 concurrent requests against a quota of 10: exactly 10 are admitted', async () => {
    const counterKey = `${prefix}:exact`;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        limiter.charge(`m${index}`, [{ counterKey, windowMs: 60_000, quota: 10, cost: 1, strict: true }]),
      ),
    );
    assert.equal(results.filter((result) => result.allowed).length, 10);
    const refused = results.find((result) => !result.allowed);
    assert.ok((refused?.outcomes[0]?.retryAfterMs ?? 0) > 59_000, 'the wait is until the oldest charge ages out');
  });

  test('the window slides: charges leave it one by one as they age', async () => {
    const counterKey = `${prefix}:slide`;
    const charge = (member: string, now: number) =>
      limiter.charge(member, [{ counterKey, windowMs: 1_000, quota: 2, cost: 1, strict: true }], now);
    const start = Date.now();
    assert.ok((await charge('a', start)).allowed);
    assert.ok((await charge('b', start + 500)).allowed);
    const refused = await charge('c', start + 900);
    assert.ok(!refused.allowed);
    assert.equal(refused.outcomes[0]?.retryAfterMs, 100, '`a` leaves the window at start + 1000');
    assert.ok((await charge('d', start + 1_000)).allowed, 'a fixed window would still refuse; a sliding one has room');
    assert.ok(!(await charge('e', start + 1_200)).allowed, '`b` and `d` are still inside');
  });

  test('a request is charged to every counter or to none', async () => {
    const wide = `${prefix}:wide`;
    const narrow = `${prefix}:narrow`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        limiter.charge(`m${index}`, [
          { counterKey: wide, windowMs: 60_000, quota: 100, cost: 1, strict: true },
          { counterKey: narrow, windowMs: 60_000, quota: 3, cost: 1, strict: true },
        ]),
      ),
    );
    assert.equal(results.filter((result) => result.allowed).length, 3);
    assert.equal(await redis.zcard(wide), 3, 'refused requests were not charged to the counter that had room');
  });

  test('token limits charge an estimate, admit while under quota, and settle to real usage', async () => {
    const tokens = new ConsumerRateLimiter(redis, createGovernanceKeys(prefix, noHashTag));
    const policies = parseRateLimitPolicies('1000;w=60;u=token', 'h');
    const subject = { owner: 'vk_tokens', userId: undefined, properties: {} };
    const first = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        tokens.admit(`a${index}`, policies, subject, { tokens: 300, nanoUsd: 0 }),
      ),
    );
    const admitted = first.flatMap((result, index) => (result.allowed ? [`a${index}`] : []));
    assert.equal(admitted.length, 4, 'admitted while used < 1000: 0, 300, 600, 900');
    assert.equal(first.find((result) => result.allowed)?.limits[0]?.quota, 1000);
    for (const id of admitted) await tokens.settle(id, { tokens: 50, nanoUsd: 0 });
    const second = await tokens.admit('b', policies, subject, { tokens: 300, nanoUsd: 0 });
    assert.ok(second.allowed, 'settling gave the unused estimate back');
    assert.equal(second.limits[0]?.remaining, 1000 - 4 * 50 - 300);
  });

  test('user and property scopes count each value apart', async () => {
    const scoped = new ConsumerRateLimiter(redis, createGovernanceKeys(prefix, noHashTag));
    const policies = parseRateLimitPolicies('1;w=60;s=user, 2;w=60;s=property.team', 'h');
    const as = (userId: string, team: string) => ({ owner: 'vk_scoped', userId, properties: { team } });
    assert.ok((await scoped.admit('1', policies, as('alice', 'x'), { tokens: 0, nanoUsd: 0 })).allowed);
    assert.ok(
      !(await scoped.admit('2', policies, as('alice', 'y'), { tokens: 0, nanoUsd: 0 })).allowed,
      'alice used her one',
    );
    assert.ok((await scoped.admit('3', policies, as('bob', 'x'), { tokens: 0, nanoUsd: 0 })).allowed);
    assert.ok(
      !(await scoped.admit('4', policies, as('carol', 'x'), { tokens: 0, nanoUsd: 0 })).allowed,
      'team x used its two',
    );
  });
});
