import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectGarbageWhenIdle } from './collect-garbage-when-idle';
import { IDLE_COLLECTION_POLICY, shouldCollectWhenIdle } from './idle-collection';

const MB = 1024 * 1024;

test('an idle interval after the heap grew collects; a busy one, or a heap that did not grow, does not', () => {
  const grown = { heapBytes: 120 * MB, heapBytesAfterCollection: 40 * MB };
  assert.equal(shouldCollectWhenIdle({ ...grown, utilization: 0.001 }), true);
  assert.equal(shouldCollectWhenIdle({ ...grown, utilization: 0.4 }), false, 'never under load');
  assert.equal(
    shouldCollectWhenIdle({ utilization: 0, heapBytes: 50 * MB, heapBytesAfterCollection: 40 * MB }),
    false,
    'growth under the minimum is not worth a pause',
  );
  assert.equal(
    shouldCollectWhenIdle({ utilization: IDLE_COLLECTION_POLICY.idleUtilization, ...grown }),
    true,
    'the idle bound is inclusive',
  );
});

test('the collector runs once when its thread goes idle after growth, and not again until the heap grows', async () => {
  let heap = 40 * MB;
  let collected = 0;
  const collector = collectGarbageWhenIdle({
    intervalMs: 20,
    heapBytes: () => heap,
    collect: () => {
      collected += 1;
      heap = 45 * MB;
    },
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(collected, 0, 'no growth, no collection');
    heap = 100 * MB;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(collected, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(collected, 1, 'the heap did not grow again');
    assert.equal(collector.collections, 1);
  } finally {
    collector.stop();
  }
});

test('a thread kept busy is not collected however much its heap grew', async () => {
  let collected = 0;
  let heap = 40 * MB;
  const collector = collectGarbageWhenIdle({
    intervalMs: 20,
    heapBytes: () => heap,
    collect: () => {
      collected += 1;
    },
  });
  heap = 500 * MB;
  try {
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // Busy: the interval's callback runs late, after windows the event loop spent working.
      const spinUntil = Date.now() + 15;
      while (Date.now() < spinUntil);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(collected, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(collected, 1, 'once the thread rests, it is collected');
  } finally {
    collector.stop();
  }
});
