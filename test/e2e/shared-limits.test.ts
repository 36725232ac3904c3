import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { noHashTag } from '@sluice/queues';
import { Redis } from 'ioredis';
import { type Admission, CircuitBreaker } from '../../services/worker/src/circuit-breaker';
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

test('a trip reaches every breaker: a reused closed admission ends when another worker opens the circuit', async () => {
  const channel = `${prefix}:breaker-trips`;
  const subscribers = [new Redis(redisUrl), new Redis(redisUrl)];
  let clock = 1_000_000;
  const options = { failures: 1, windowMs: 10_000, cooldownMs: 60_000 };
  const [watching, tripping] = subscribers.map(
    (subscriber) => new CircuitBreaker(redis, prefix, noHashTag, options, { channel, subscriber }, () => clock),
  ) as [CircuitBreaker, CircuitBreaker];
  try {
    await Promise.all([watching.start(), tripping.start()]);
    assert.equal(await watching.admit('shared'), 'closed');
    // Opened behind the breakers' backs (no announcement): the watching breaker reuses its admission for a while.
    await redis.set(`${prefix}:breaker:quiet:open`, '1', 'PX', 60_000);
    await redis.set(`${prefix}:breaker:quiet:tripped`, '1');
    assert.equal(await watching.admit('quiet'), 'open', 'a target never admitted closed asks Redis');
    assert.equal(await tripping.recordFailure('shared'), true);
    await waitUntil(async () => (await watching.admit('shared')) === 'open');
    assert.equal(await tripping.admit('shared'), 'open', 'the tripping breaker forgets at once');
    await redis.del(`${prefix}:breaker:quiet:open`, `${prefix}:breaker:quiet:tripped`);
    assert.equal(await watching.admit('quiet'), 'closed');
    await redis.set(`${prefix}:breaker:quiet:open`, '1', 'PX', 60_000);
    await redis.set(`${prefix}:breaker:quiet:tripped`, '1');
    assert.equal(await watching.admit('quiet'), 'closed', 'reused: no trip was announced');
    clock += 1_000;
    assert.equal(await watching.admit('quiet'), 'open', 'a reused admission expires');
  } finally {
    watching.stop();
    tripping.stop();
    for (const subscriber of subscribers) subscriber.disconnect();
  }
});

test('a reused closed admission past half its life is checked beside the call: dropped, renewed, never taking a probe', async () => {
  const channel = `${prefix}:breaker-recheck`;
  const subscriber = new Redis(redisUrl);
  let clock = 2_000_000;
  const options = { failures: 1, windowMs: 10_000, cooldownMs: 60_000 };
  const breaker = new CircuitBreaker(redis, prefix, noHashTag, options, { channel, subscriber }, () => clock);
  const behindItsBack = (target: string, keys: string[]) =>
    Promise.all(keys.map((key) => redis.set(`${prefix}:breaker:${target}:${key}`, '1', 'PX', 60_000)));
  try {
    await breaker.start();
    for (const target of ['opened', 'due', 'steady']) assert.equal(await breaker.admit(target), 'closed');
    await behindItsBack('opened', ['open', 'tripped']);
    await behindItsBack('due', ['tripped']);
    clock += 600;
    assert.equal(await breaker.admit('opened'), 'closed', 'reused while the check runs');
    await waitUntil(async () => (await breaker.admit('opened')) === 'open');
    assert.equal(await breaker.admit('due'), 'closed', 'reused while the check runs');
    const answers: Admission[] = [];
    await waitUntil(async () => answers.push(await breaker.admit('due')) > 0 && answers.at(-1) !== 'closed');
    assert.equal(answers.at(-1), 'probe', 'the check left the due probe to a call');
    assert.equal(await breaker.admit('steady'), 'closed');
    // The check is sent at the end of the turn; commands on one connection are answered in order: after this PING its
    // answer has been read.
    await new Promise((resolve) => setImmediate(resolve));
    await redis.ping();
    await behindItsBack('steady', ['open', 'tripped']);
    clock += 600;
    assert.equal(await breaker.admit('steady'), 'closed', 'renewed from the check, 600 ms ago');
  } finally {
    breaker.stop();
    subscriber.disconnect();
  }
});

test('calls that arrive during a round trip share its closed admission; a probe is never shared', async () => {
  const channel = `${prefix}:breaker-herd`;
  const subscriber = new Redis(redisUrl);
  const monitor = await new Redis(redisUrl).monitor();
  const asked: string[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0]?.toLowerCase() === 'evalsha' && args[3]?.startsWith(`${prefix}:breaker:herd`)) asked.push(args[3]);
  });
  const options = { failures: 1, windowMs: 10_000, cooldownMs: 60_000 };
  const breaker = new CircuitBreaker(redis, prefix, noHashTag, options, { channel, subscriber });
  try {
    await breaker.start();
    const admissions = await Promise.all(Array.from({ length: 10 }, () => breaker.admit('herd')));
    assert.deepEqual(new Set(admissions), new Set(['closed']));
    await redis.set(`${prefix}:breaker:herd-probe:tripped`, '1');
    const probes = await Promise.all(Array.from({ length: 3 }, () => breaker.admit('herd-probe')));
    assert.deepEqual(probes.sort(), ['open', 'open', 'probe'], 'one probe; the others find it taken');
    await waitUntil(async () => asked.length >= 4);
    assert.equal(asked.filter((key) => key.endsWith('herd:open')).length, 1, 'one round trip for ten calls');
    assert.equal(asked.filter((key) => key.endsWith('herd-probe:open')).length, 3, 'no probe answer is shared');
  } finally {
    breaker.stop();
    subscriber.disconnect();
    monitor.disconnect();
  }
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
