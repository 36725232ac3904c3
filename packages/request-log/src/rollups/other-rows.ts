import type { SummaryRow } from '../log-summary';
import { SUMMED_COLUMNS } from './rollup-sql-parts';

/** A bucket's counts and sums, as the totals statement and every answer row have them. */
export type CountedRow = Pick<SummaryRow, 'bucket' | (typeof SUMMED_COLUMNS)[number]>;

export type OtherRow = Omit<SummaryRow, 'cache_hit_rate' | 'other'> & { other: true };

/**
 * Each bucket's other row (docs/request-log.md): the bucket's ungrouped totals less every row answered in it — the
 * kept groups and the null group — with no percentiles; none where nothing is left. Ordered as `totals`.
 */
export function otherRows(totals: readonly CountedRow[], answered: readonly CountedRow[]): OtherRow[] {
  const left = new Map(totals.map((total) => [total.bucket, { ...total }]));
  for (const row of answered) {
    const bucket = left.get(row.bucket);
    if (bucket === undefined) continue;
    for (const field of SUMMED_COLUMNS) bucket[field] -= row[field];
  }
  return [...left.values()]
    .filter((bucket) => bucket.requests > 0)
    .map((bucket) => ({
      ...bucket,
      group: null,
      other: true,
      latency_p50_ms: null,
      latency_p95_ms: null,
      latency_p99_ms: null,
    }));
}
