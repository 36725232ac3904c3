import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UnavailableError } from '@sluice/errors';
import { retryWhileRedisDown } from './retry-while-redis-down';

/** A clock that only moves when the retry sleeps. */
function fakeClock() {
  const clock = { now: 0, slept: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.now += ms;
    },
  };
}

describe('retryWhileRedisDown', () => {
  test('waits out an outage with growing waits, then returns what the write returned', async () => {
    const { clock, now, sleep } = fakeClock();
    let calls = 0;
    const waits: unknown[] = [];
    const result = await retryWhileRedisDown(
      async () => {
        calls += 1;
        if (calls <= 3) throw new UnavailableError('Redis is down');
        return 'published';
      },
      { deadlineAt: 10_000, now, sleep, onWait: (error) => waits.push(error) },
    );
    assert.equal(result, 'published');
    assert.deepEqual(clock.slept, [100, 200, 400]);
    assert.equal(waits.length, 1, 'the outage is reported once');
  });

  test('gives up at the deadline with the last failure', async () => {
    const { clock, now, sleep } = fakeClock();
    await assert.rejects(
      retryWhileRedisDown(
        async () => {
          throw new UnavailableError('still down');
        },
        { deadlineAt: 5_000, now, sleep },
      ),
      /still down/,
    );
    assert.ok(clock.now <= 5_000);
    assert.deepEqual(clock.slept, [100, 200, 400, 800, 1_600], 'a wait that would end past the deadline is not begun');
  });

  test('any other failure is thrown at once', async () => {
    const { clock, now, sleep } = fakeClock();
    await assert.rejects(
      retryWhileRedisDown(
        async () => {
          throw new TypeError('a bug');
        },
        { deadlineAt: 60_000, now, sleep },
      ),
      TypeError,
    );
    assert.deepEqual(clock.slept, []);
  });
});
