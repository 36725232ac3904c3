import type { SqlDatabase } from '@sluice/database';
import type { Logger } from '@sluice/observability';
import { enforceLogRetention, type LogRetention, type RequestLogPartitions } from '@sluice/request-log';
import type { ResponseStore } from '@sluice/responses';

export interface LogRetentionTaskOptions {
  database: SqlDatabase;
  partitions: RequestLogPartitions;
  retention: LogRetention;
  /** Stored responses, deleted once older than the log's retention. */
  responses: ResponseStore;
  logger: Logger;
  /** Between passes (default an hour). */
  intervalMs?: number;
  clock?: () => Date;
}

export interface LogRetentionTask {
  stop(): Promise<void>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The logger's periodic request-log upkeep (docs/request-log.md): at start and then hourly, creates the coming
 * days' partitions, drops the days past SLUICE_LOG_RETENTION_DAYS and SLUICE_LOG_BODY_RETENTION_DAYS, and deletes
 * the stored responses older than SLUICE_LOG_RETENTION_DAYS. Every logger process runs it; passes are idempotent. A failed pass is logged and tried again at the next one.
 */
export function startLogRetentionTask(options: LogRetentionTaskOptions): LogRetentionTask {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> = Promise.resolve();
  const pass = () => {
    running = running.then(async () => {
      const started = performance.now();
      try {
        const now = clock();
        const logs = await enforceLogRetention(options.database, options.partitions, options.retention, now);
        const cutoff = new Date(now.getTime() - options.retention.days * DAY_MS);
        const run = { ...logs, responsesDeleted: await options.responses.deleteCreatedBefore(cutoff) };
        if (run.droppedDays.length + run.droppedBodyDays.length + run.rollupRowsDeleted + run.responsesDeleted > 0) {
          options.logger.info(
            { ...run, durationMs: Math.round(performance.now() - started) },
            'request log retention dropped old days',
          );
        }
      } catch (error) {
        options.logger.warn({ err: error }, 'request log retention pass failed; it runs again within the hour');
      }
    });
  };
  pass();
  const timer = setInterval(pass, options.intervalMs ?? HOUR_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
