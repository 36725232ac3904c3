import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecondChanceMap } from './second-chance-map';

describe('SecondChanceMap', () => {
  it('forgets the oldest entries not used since they were set, sparing a used one once', () => {
    const map = new SecondChanceMap<string, number>();
    for (const [index, key] of ['a', 'b', 'c', 'd'].entries()) map.set(key, index);
    assert.equal(map.get('a'), 0);
    const forgotten: number[] = [];
    map.evict(
      () => map.size <= 2,
      (value) => forgotten.push(value),
    );
    assert.deepEqual(forgotten, [1, 2]);
    map.evict(
      () => map.size <= 1,
      (value) => forgotten.push(value),
    );
    assert.deepEqual(forgotten, [1, 2, 3], 'a, spared, became the newest');
    assert.equal(map.get('a'), 0);
  });

  it('forgets used entries too once every entry has had its second chance', () => {
    const map = new SecondChanceMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.get('a');
    map.get('b');
    map.evict(() => map.size === 0);
    assert.equal(map.size, 0);
  });
});
