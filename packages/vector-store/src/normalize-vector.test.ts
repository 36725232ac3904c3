import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotProduct, normalizeVector } from './normalize-vector';
import { VectorStoreError } from './vector-store-error';

describe('normalizeVector', () => {
  it('scales to unit length so the dot product is the cosine', () => {
    const left = normalizeVector([3, 4], 2);
    assert.deepEqual(Array.from(left), [Math.fround(0.6), Math.fround(0.8)]);
    assert.ok(Math.abs(dotProduct(left, normalizeVector([4, 3], 2)) - 0.96) < 1e-6);
  });

  it('rejects wrong lengths, non-finite values and the zero vector', () => {
    const code = (expected: string) => (error: unknown) => error instanceof VectorStoreError && error.code === expected;
    assert.throws(() => normalizeVector([1, 2, 3], 2), code('vector_dimension_mismatch'));
    assert.throws(() => normalizeVector([1, Number.NaN], 2), code('invalid_vector'));
    assert.throws(() => normalizeVector([0, 0], 2), code('invalid_vector'));
  });
});
