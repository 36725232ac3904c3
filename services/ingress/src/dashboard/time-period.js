// The time periods the dashboard offers, and the bucket timeline charts are drawn on.
export const PERIODS = {
  '15m': { label: 'Last 15 minutes', minutes: 15, interval: 'minute' },
  '1h': { label: 'Last hour', minutes: 60, interval: 'minute' },
  '6h': { label: 'Last 6 hours', minutes: 6 * 60, interval: 'minute' },
  '24h': { label: 'Last 24 hours', minutes: 24 * 60, interval: 'hour' },
  '7d': { label: 'Last 7 days', minutes: 7 * 24 * 60, interval: 'hour' },
  '30d': { label: 'Last 30 days', minutes: 30 * 24 * 60, interval: 'day' },
};

const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The period ending now: ISO from/to and the summary interval. */
export function periodFor(key, now = Date.now()) {
  const spec = PERIODS[key] ?? PERIODS['24h'];
  return {
    key,
    from: new Date(now - spec.minutes * 60_000).toISOString(),
    to: new Date(now).toISOString(),
    interval: spec.interval,
  };
}

/** Every bucket start (UTC, epoch seconds) from the period's first bucket to its last. */
export function bucketTimeline(period) {
  const size = BUCKET_MS[period.interval];
  const first = Math.floor(Date.parse(period.from) / size) * size;
  const last = Date.parse(period.to);
  const timeline = [];
  for (let at = first; at <= last; at += size) timeline.push(at / 1000);
  return timeline;
}

/** Rows of the summary (one per bucket) laid on the timeline; buckets without rows get `empty`. */
export function alignToTimeline(timeline, rows, pick, empty = 0) {
  const byBucket = new Map(rows.map((row) => [Date.parse(row.bucket) / 1000, row]));
  return timeline.map((at) => {
    const row = byBucket.get(at);
    return row === undefined ? empty : pick(row);
  });
}
