import { VectorStoreError } from './vector-store-error';

/** Checks a vector's length and values and scales it to unit length, so a dot product is its cosine. */
export function normalizeVector(vector: readonly number[], dimensions: number): Float32Array {
  if (vector.length !== dimensions) {
    throw new VectorStoreError({
      code: 'vector_dimension_mismatch',
      message: `Vector has ${vector.length} dimensions; this store holds ${dimensions}.`,
    });
  }
  let sumOfSquares = 0;
  for (const value of vector) {
    if (!Number.isFinite(value)) {
      throw new VectorStoreError({
        code: 'invalid_vector',
        message: 'Vector holds a value that is not a finite number.',
      });
    }
    sumOfSquares += value * value;
  }
  if (sumOfSquares === 0) {
    throw new VectorStoreError({
      code: 'invalid_vector',
      message: 'A zero vector has no direction to compare by cosine.',
    });
  }
  const scale = 1 / Math.sqrt(sumOfSquares);
  const normalized = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index += 1) normalized[index] = (vector[index] ?? 0) * scale;
  return normalized;
}

/** The dot product of two vectors of equal length. */
export function dotProduct(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index += 1) sum += (left[index] ?? 0) * (right[index] ?? 0);
  return sum;
}
