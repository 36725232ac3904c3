import type { SqlDatabase } from '@sluice/database';
import type { LogRetention } from '../request-log-writer';
import { addDays, firstKeptDay, partitionDay } from './partition-day';
import type { RequestLogPartitions } from './request-log-partitions';

/** Day partitions created ahead of time, so writes at midnight never wait for one (the writer creates late ones). */
export const DAYS_AHEAD = 2;

export interface RetentionRun {
  /** Whole days of rows dropped (partitions of request_logs). */
  droppedDays: string[];
  /** Whole days of bodies dropped (partitions of request_log_bodies, and of request_log_turns with them). */
  droppedBodyDays: string[];
  /** Rollup rows of the dropped days removed. */
  rollupRowsDeleted: number;
}

/**
 * One retention pass (docs/request-log.md): creates today's and the next days' partitions, drops every day
 * partition older than the retention (bodies by their own retention), and removes the rollups of dropped days (with their histograms), so
 * rollups and rows always cover the same days. Dropping a partition is a catalogue change: milliseconds, whatever
 * the day held.
 */
export async function enforceLogRetention(
  database: SqlDatabase,
  partitions: RequestLogPartitions,
  retention: LogRetention,
  now: Date,
): Promise<RetentionRun> {
  const today = partitionDay(now);
  await partitions.ensure(Array.from({ length: DAYS_AHEAD + 1 }, (_, offset) => addDays(today, offset)));
  const firstDay = firstKeptDay(now, retention.days);
  const firstBodyDay = firstKeptDay(now, Math.min(retention.bodyDays, retention.days));
  const run: RetentionRun = { droppedDays: [], droppedBodyDays: [], rollupRowsDeleted: 0 };
  for (const partition of await partitions.list()) {
    if (partition.table === 'request_logs' && partition.day < firstDay) {
      await partitions.drop(partition);
      run.droppedDays.push(partition.day);
    } else if (partition.table === 'request_log_bodies' && partition.day < firstBodyDay) {
      await partitions.drop(partition);
      run.droppedBodyDays.push(partition.day);
    } else if (partition.table === 'request_log_turns' && partition.day < firstBodyDay) {
      // The turns a day's bodies name (docs/request-log.md) go with them.
      await partitions.drop(partition);
    }
  }
  const { rows } = await database.query<{ deleted: number }>(
    `WITH deleted AS (DELETE FROM request_log_rollups WHERE bucket < $1::timestamptz RETURNING id),
       histograms AS (DELETE FROM request_log_rollup_histograms WHERE rollup_id IN (SELECT id FROM deleted))
     SELECT count(*)::int AS deleted FROM deleted`,
    [`${firstDay}T00:00:00Z`],
  );
  run.rollupRowsDeleted = rows[0]?.deleted ?? 0;
  return run;
}
