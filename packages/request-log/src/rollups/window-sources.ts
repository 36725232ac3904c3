import type { SqlParameters } from '../sql-parameters';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const floorTo = (time: number, size: number) => Math.floor(time / size) * size;
const ceilTo = (time: number, size: number) => Math.ceil(time / size) * size;

/** A time range, in ms since the epoch: from inclusive, to exclusive. */
export interface Range {
  from: number;
  to: number;
}

/** Rollup rows of one span over some ranges. */
export interface SpanRanges {
  span: 'hour' | 'day';
  ranges: Range[];
}

/** Where a window's figures come from: whole buckets of the answer's own span, edge hours, and raw rows. */
export interface WindowSources {
  /** Rollup rows of the interval's own span: each is one answer row (for a grouping). */
  whole: SpanRanges | undefined;
  /** Hourly rollup rows of partial days (interval=day only): added up into their day. */
  edges: SpanRanges | undefined;
  /** Log rows in the partial hours at either end. */
  raw: Range[];
}

/**
 * Splits a window into whole buckets of the interval's span, the hours of partial days (day buckets only) and the
 * partial hours at either end, read from the log rows.
 */
export function windowSources(window: { from: Date; to: Date; interval: 'hour' | 'day' }): WindowSources {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const firstHour = ceilTo(from, HOUR_MS);
  const lastHour = floorTo(to, HOUR_MS);
  if (firstHour >= lastHour) return { whole: undefined, edges: undefined, raw: [{ from, to }] };
  const raw = nonEmpty([
    { from, to: firstHour },
    { from: lastHour, to },
  ]);
  const firstDay = ceilTo(firstHour, DAY_MS);
  const lastDay = floorTo(lastHour, DAY_MS);
  const hours = { span: 'hour' as const, ranges: [{ from: firstHour, to: lastHour }] };
  if (window.interval === 'hour') return { whole: hours, edges: undefined, raw };
  // Day buckets without a whole day: every bucket adds hours up.
  if (firstDay >= lastDay) return { whole: undefined, edges: hours, raw };
  const edges = nonEmpty([
    { from: firstHour, to: firstDay },
    { from: lastDay, to: lastHour },
  ]);
  return {
    whole: { span: 'day', ranges: [{ from: firstDay, to: lastDay }] },
    edges: edges.length > 0 ? { span: 'hour', ranges: edges } : undefined,
    raw,
  };
}

function nonEmpty(ranges: Range[]): Range[] {
  return ranges.filter((range) => range.from < range.to);
}

/** `column` within any of the ranges. */
export function rangesSql(column: string, ranges: readonly Range[], params: SqlParameters): string {
  return ranges
    .map(
      (range) =>
        `(${column} >= ${params.add(new Date(range.from).toISOString())}::timestamptz AND ${column} < ${params.add(new Date(range.to).toISOString())}::timestamptz)`,
    )
    .join(' OR ');
}
