// The time periods the dashboard offers (the last 15 minutes … 30 days, or a custom from–to), and the bucket
// timeline charts are drawn on.

/** @typedef {'minute' | 'hour' | 'day'} Interval */
/** @typedef {{ key: string, from: string, to: string, interval: Interval }} Period */
/** @typedef {{ label: string, minutes: number, interval: Interval }} PeriodSpec */

/** @type {Readonly<Record<string, PeriodSpec>>} */
export const PERIODS = {
  '15m': { label: 'Last 15 minutes', minutes: 15, interval: 'minute' },
  '1h': { label: 'Last hour', minutes: 60, interval: 'minute' },
  '6h': { label: 'Last 6 hours', minutes: 6 * 60, interval: 'minute' },
  '24h': { label: 'Last 24 hours', minutes: 24 * 60, interval: 'hour' },
  '7d': { label: 'Last 7 days', minutes: 7 * 24 * 60, interval: 'hour' },
  '30d': { label: 'Last 30 days', minutes: 30 * 24 * 60, interval: 'day' },
};

/** The range key of a period the user picks with from–to pickers. */
export const CUSTOM_RANGE = 'custom';

/** @type {Readonly<Record<Interval, number>>} */
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * The period ending now: ISO from/to and the summary interval.
 * @param {string} key one of PERIODS (an unknown key is the last 24 hours)
 * @param {number} [now]
 * @returns {Period}
 */
export function periodFor(key, now = Date.now()) {
  const spec = PERIODS[key] ?? PERIODS['24h'];
  return {
    key,
    from: new Date(now - spec.minutes * 60_000).toISOString(),
    to: new Date(now).toISOString(),
    interval: spec.interval,
  };
}

/**
 * A custom period between two instants (epoch ms), or undefined unless `from` is before `to`. Its interval keeps
 * the charts readable: minutes up to 6 hours, hours up to 7 days, days beyond, as the fixed periods do.
 * @param {number} from
 * @param {number} to
 * @returns {Period | undefined}
 */
export function customPeriod(from, to) {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) return undefined;
  const span = to - from;
  const interval = span <= 6 * BUCKET_MS.hour ? 'minute' : span <= 7 * BUCKET_MS.day ? 'hour' : 'day';
  return { key: CUSTOM_RANGE, from: new Date(from).toISOString(), to: new Date(to).toISOString(), interval };
}

/**
 * Every bucket start (UTC, epoch seconds) from the period's first bucket to its last.
 * @param {Period} period
 * @returns {number[]}
 */
export function bucketTimeline(period) {
  const size = BUCKET_MS[period.interval];
  const first = Math.floor(Date.parse(period.from) / size) * size;
  const last = Date.parse(period.to);
  const timeline = [];
  for (let at = first; at <= last; at += size) timeline.push(at / 1000);
  return timeline;
}

/**
 * Rows of the summary (one per bucket) laid on the timeline; buckets without rows get `empty`.
 * @template {{ bucket: string }} Row
 * @param {number[]} timeline
 * @param {Row[]} rows
 * @param {(row: Row) => number | null} pick
 * @param {number | null} [empty]
 * @returns {(number | null)[]}
 */
export function alignToTimeline(timeline, rows, pick, empty = 0) {
  const byBucket = new Map(rows.map((row) => [Date.parse(row.bucket) / 1000, row]));
  return timeline.map((at) => {
    const row = byBucket.get(at);
    return row === undefined ? empty : pick(row);
  });
}
