/** Deterministic pseudo-random vectors (xorshift32), so contract tests and benches repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000 - 0.5;
  };
}

export function randomVector(random: () => number, dimensions: number): number[] {
  return Array.from({ length: dimensions }, () => random());
}

/** A unit vector at exactly `cosine` to `base` (itself unit length): base·cos + orthogonal·sin. */
export function vectorAtCosine(base: readonly number[], cosine: number, random: () => number): number[] {
  const unitBase = unit(base);
  const noise = randomVector(random, base.length);
  const along = noise.reduce((sum, value, index) => sum + value * (unitBase[index] ?? 0), 0);
  const orthogonal = unit(noise.map((value, index) => value - along * (unitBase[index] ?? 0)));
  const sine = Math.sqrt(1 - cosine * cosine);
  return unitBase.map((value, index) => value * cosine + (orthogonal[index] ?? 0) * sine);
}

export function unit(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return vector.map((value) => value / norm);
}
