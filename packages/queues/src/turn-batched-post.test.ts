import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TurnBatchedPost } from './turn-batched-post';

const turnEnd = () => new Promise((resolve) => setImmediate(resolve));

test('an item after a quiet spell is posted at once; the items that follow it within the quiet time wait for the turn to end, in one post', async () => {
  let clock = 0;
  const posts: number[][] = [];
  const batch = new TurnBatchedPost<number>(
    (items) => posts.push(items),
    () => clock,
  );
  batch.add(1);
  assert.deepEqual(posts, [[1]], 'nothing posted before: at once');
  clock += 0.5;
  batch.add(2);
  batch.add(3, 4);
  assert.deepEqual(posts, [[1]], 'within the quiet time of the last post: waits');
  await turnEnd();
  assert.deepEqual(posts, [[1], [2, 3, 4]]);
  clock += 1;
  batch.add(5);
  assert.deepEqual(posts, [[1], [2, 3, 4], [5]], 'a quiet millisecond since the last post: at once');
});

test('flush posts what waits at once, and the turn end then posts nothing more', async () => {
  const posts: string[][] = [];
  const batch = new TurnBatchedPost<string>(
    (items) => posts.push(items),
    () => 0,
  );
  batch.add('a');
  batch.add('b');
  batch.flush();
  assert.deepEqual(posts, [['a'], ['b']]);
  await turnEnd();
  assert.deepEqual(posts, [['a'], ['b']]);
});
