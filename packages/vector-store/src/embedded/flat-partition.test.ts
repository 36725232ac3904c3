import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeVector } from '../normalize-vector';
import { FlatPartition } from './flat-partition';

describe('FlatPartition', () => {
  it('keeps every other record findable after a removal moves the last one', () => {
    const partition = new FlatPartition();
    const vectors = [
      [1, 0],
      [0, 1],
      [1, 1],
    ].map((vector) => normalizeVector(vector, 2));
    for (const [index, vector] of vectors.entries()) partition.add(`id-${index}`, vector);
    assert.equal(partition.remove('id-0'), true);
    assert.equal(partition.remove('id-0'), false);
    assert.equal(partition.size, 2);
    const all = partition.search(normalizeVector([0, 1], 2), 5, () => true);
    assert.deepEqual(
      all.map((match) => match.id),
      ['id-1', 'id-2'],
    );
    assert.deepEqual(
      partition.search(normalizeVector([0, 1], 2), 5, (id) => id !== 'id-1').map((match) => match.id),
      ['id-2'],
    );
  });
});
