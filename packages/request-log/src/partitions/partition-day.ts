const DAY_MS = 86_400_000;

/** The UTC day (YYYY-MM-DD) a time falls in: the day partition holding rows created then. */
export function partitionDay(time: Date | string | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * The day partition of a time already in canonical form (`toISOString`, as the writer stores created_at): its first
 * ten characters, the same day as partitionDay's without parsing and formatting it again.
 */
export function canonicalDay(canonical: string): string {
  return canonical.slice(0, 10);
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  return partitionDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * The first day still kept when rows are kept `days` days: the day `days` days before now. A day's partition is
 * dropped once the whole day is older than that, so a row lives between `days` and `days` + 1 days.
 */
export function firstKeptDay(now: Date, days: number): string {
  return partitionDay(now.getTime() - days * DAY_MS);
}
