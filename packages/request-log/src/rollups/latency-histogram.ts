/**
 * Latency histograms with fixed bucket boundaries (docs/request-log.md): boundary i is 2^(i/6) ms, from 1 ms to
 * 2^20 ms (about 17.5 minutes), so each bucket is 12.2% wider than the one before. Slot 0 holds latencies under
 * 1 ms, slot i (1…120) latencies in [2^((i-1)/6), 2^(i/6)), slot 121 everything from 2^20 ms up. PostgreSQL's
 * `width_bucket(latency_ms, LATENCY_BOUNDARIES_SQL)` gives the same slot as `latencySlot`.
 */
const STEPS_PER_DOUBLING = 6;
const DOUBLINGS = 20;

export const LATENCY_BOUNDARIES: readonly number[] = Array.from(
  { length: STEPS_PER_DOUBLING * DOUBLINGS + 1 },
  (_, index) => 2 ** (index / STEPS_PER_DOUBLING),
);

/** Slots per histogram: one under the first boundary, one between each pair, one from the last boundary up. */
export const LATENCY_SLOTS = LATENCY_BOUNDARIES.length + 1;

/** The boundaries as a float8[] literal, printed so PostgreSQL reads back exactly the same doubles. */
export const LATENCY_BOUNDARIES_SQL = `'{${LATENCY_BOUNDARIES.map((value) => String(value)).join(',')}}'::float8[]`;

/** The slot a latency falls in (as PostgreSQL's width_bucket with LATENCY_BOUNDARIES_SQL). */
export function latencySlot(latencyMs: number): number {
  let low = 0;
  let high = LATENCY_BOUNDARIES.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((LATENCY_BOUNDARIES[middle] ?? Number.POSITIVE_INFINITY) <= latencyMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A slot's range [lower, upper); the last slot has no upper boundary, so its upper is its lower. */
export function slotBounds(slot: number): { lower: number; upper: number } {
  const last = LATENCY_BOUNDARIES.length;
  if (slot <= 0) return { lower: 0, upper: LATENCY_BOUNDARIES[0] ?? 1 };
  const lower = LATENCY_BOUNDARIES[Math.min(slot, last) - 1] ?? 0;
  return { lower, upper: slot >= last ? lower : (LATENCY_BOUNDARIES[slot] ?? lower) };
}

/**
 * The p-quantile (0…1) of a histogram, placed as percentile_cont places it (rank p × (n − 1) among the sorted
 * values) and interpolated linearly inside the slot holding that rank, so it lies within that slot's width of the
 * exact value. Null for an empty histogram.
 */
export function histogramPercentile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= 0) return null;
  const rank = p * (total - 1);
  let before = 0;
  for (let slot = 0; slot < counts.length; slot++) {
    const count = counts[slot] ?? 0;
    if (count > 0 && rank < before + count) {
      const { lower, upper } = slotBounds(slot);
      return lower + (upper - lower) * Math.min(1, (rank - before + 0.5) / count);
    }
    before += count;
  }
  return slotBounds(counts.length - 1).lower;
}
