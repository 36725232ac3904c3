/**
 * The request log at scale (docs/request-log.md): builds a history of 50-property-value records spread over 30 days
 * on a scratch PostgreSQL database in steps (1M, then another 1M; `--quick`: 50k twice), importing each step's
 * NDJSON file through the import pipeline (streamed lines, validation, the writer with its rollups); after each
 * step it times every analytics summary, the dashboard's 30-day view and /v1/logs with each filter (with the scans
 * their plans use), and the disk used; at the end one retention pass. The database is dropped afterwards.
 * `npm run bench -- --only request-log-scale` (SLUICE_BENCH_LOG_STEPS=500000,500000 for other steps).
 */
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createPostgresDatabase, migrate, type SqlDatabase } from '@sluice/database';
import {
  enforceLogRetention,
  importLogRecords,
  REQUEST_LOG_MIGRATIONS,
  RequestLogPartitions,
  RequestLogReader,
  RequestLogWriter,
} from '@sluice/request-log';
import { createScratchDirectory, createScratchPostgres } from '../test/helpers/scratch-databases';
import { type HistoryShape, writeHistoryFile } from './request-log-scale/generate-log-records';
import {
  type ListTiming,
  measureDashboard,
  measureLists,
  measureSummaries,
  type SummaryTiming,
} from './request-log-scale/measure-queries';
import { RecordingDatabase } from './request-log-scale/recording-database';
import type { BenchOptions } from './support/bench-options';
import { registerCleanup } from './support/cleanup-registry';
import type { Cell } from './support/markdown-table';
import { check, type ScenarioReport } from './support/scenario-report';

const MB = 1024 * 1024;

interface StepFigures {
  rows: number;
  importRate: number;
  fileMb: number;
  summaries: SummaryTiming[];
  dashboardMs: number;
  lists: ListTiming[];
  disk: { logsMb: number; bodiesMb: number; rollupsMb: number; rollupRows: number };
}

async function diskUse(database: SqlDatabase): Promise<StepFigures['disk']> {
  const size = async (parent: string) =>
    Number(
      (
        await database.query<{ bytes: string }>(
          `SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::text AS bytes FROM pg_inherits WHERE inhparent = $1::regclass`,
          [parent],
        )
      ).rows[0]?.bytes ?? 0,
    ) / MB;
  const rollups = await database.query<{ bytes: string; rows: number }>(
    `SELECT (pg_total_relation_size('request_log_rollups') + pg_total_relation_size('request_log_rollup_histograms'))::text
       AS bytes, (SELECT count(*)::int FROM request_log_rollups) AS rows`,
  );
  return {
    logsMb: Math.round(await size('request_logs')),
    bodiesMb: Math.round(await size('request_log_bodies')),
    rollupsMb: Math.round(Number(rollups.rows[0]?.bytes ?? 0) / MB),
    rollupRows: rollups.rows[0]?.rows ?? 0,
  };
}

/** SLUICE_BENCH_LOG_STEPS=500000,500000: records imported per step (default 1M, then another 1M). */
function stepsFromEnvironment(): number[] {
  const text = process.env.SLUICE_BENCH_LOG_STEPS;
  const steps = (text ?? '1000000,1000000').split(',').map(Number);
  if (steps.some((step) => !Number.isInteger(step) || step <= 0))
    throw new Error(`SLUICE_BENCH_LOG_STEPS must list positive whole numbers, got ${text}`);
  return steps;
}

export async function runRequestLogScaleBench(options: BenchOptions): Promise<ScenarioReport> {
  const steps = options.quick ? [50_000, 50_000] : stepsFromEnvironment();
  const scratch = await createScratchPostgres('sluice_bench_logs');
  const dropDatabase = registerCleanup(() => scratch.drop());
  const directory = await createScratchDirectory('sluice-bench-logs-');
  const removeDirectory = registerCleanup(() => directory.remove());
  const database = await createPostgresDatabase({ url: scratch.url, maxConnections: 8 });
  try {
    await migrate(database, REQUEST_LOG_MIGRATIONS);
    const now = new Date();
    const shape: HistoryShape = { days: 30, end: now, propertyValues: 50, users: 200, virtualKeys: 5 };
    const recording = new RecordingDatabase(database);
    const reader = new RequestLogReader({ database: recording, clock: () => now });
    const figures: StepFigures[] = [];
    let rows = 0;
    for (const [step, count] of steps.entries()) {
      const file = join(directory.path, `history-${step}.ndjson`);
      const bytes = await writeHistoryFile(file, rows, count, shape);
      process.stdout.write(`  step ${step + 1}: ${count} records, ${(bytes / MB).toFixed(0)} MB; importing\n`);
      const started = performance.now();
      const result = await importLogRecords({
        source: createReadStream(file, { highWaterMark: 1 << 20 }),
        writer: new RequestLogWriter({ database }),
        maxLineBytes: 1 << 20,
      });
      const seconds = (performance.now() - started) / 1000;
      await rm(file);
      if (result.inserted !== count)
        throw new Error(`imported ${result.inserted} of ${count}: ${JSON.stringify(result.errors)}`);
      rows += count;
      await database.query('ANALYZE');
      process.stdout.write(`  ${rows} rows; timing queries\n`);
      figures.push({
        rows,
        importRate: Math.round(count / seconds),
        fileMb: Math.round(bytes / MB),
        summaries: await measureSummaries(reader, now),
        dashboardMs: await measureDashboard(reader, now),
        lists: await measureLists(reader, recording, database, now),
        disk: await diskUse(database),
      });
    }
    const partitions = new RequestLogPartitions(database);
    const retentionStarted = performance.now();
    const retention = await enforceLogRetention(database, partitions, { days: 29, bodyDays: 7 }, now);
    const retentionMs = Math.round(performance.now() - retentionStarted);
    return report(figures, retentionMs, retention, options);
  } finally {
    await database.close();
    await scratch.drop();
    dropDatabase();
    await directory.remove();
    removeDirectory();
  }
}

function report(
  figures: StepFigures[],
  retentionMs: number,
  retention: Awaited<ReturnType<typeof enforceLogRetention>>,
  options: BenchOptions,
): ScenarioReport {
  const last = figures[figures.length - 1];
  const worstSummary = Math.max(
    ...(last?.summaries ?? []).filter((timing) => timing.limit === undefined).map((timing) => timing.ms),
  );
  const worstList = Math.max(...(last?.lists ?? []).map((timing) => timing.ms));
  const rowsOf = (step: StepFigures): Cell => step.rows;
  const summaryKeys =
    last?.summaries.map(
      (timing) =>
        `${timing.days}d ${timing.groupBy} ${timing.interval}${timing.limit === undefined ? '' : ` (limit=${timing.limit})`}`,
    ) ?? [];
  return {
    name: 'request-log-scale',
    summary: `The request log on PostgreSQL with ${figures.map((step) => step.rows.toLocaleString('en-US')).join(' → ')} rows over 30 days (50 property values, 200 users, 5 virtual keys, ~700-byte bodies), built through the NDJSON import pipeline in-process (bench/request-log-scale-bench.ts); query times are the median of 3 after a warm-up, in-process (no HTTP).${options.quick ? ' A --quick run: small history.' : ''}`,
    tables: [
      {
        title:
          'import (NDJSON file → lines → validation → writer with rollups; one import, batches of 10,000, three written at once, each COPYed straight into the log after a check that none of a sample of its keys is logged yet, and committed without waiting for its WAL flush)',
        columns: ['rows after', 'records imported/s', 'file MB'],
        rows: figures.map((step) => [rowsOf(step), step.importRate, step.fileMb]),
      },
      {
        title: '/v1/analytics/summary (ms; the rows of each answer at the largest size in the last column)',
        columns: ['summary', ...figures.map((step) => `${step.rows.toLocaleString('en-US')} rows`), 'answer rows'],
        rows: summaryKeys.map((key, index) => [
          key,
          ...figures.map((step) => step.summaries[index]?.ms ?? 0),
          last?.summaries[index]?.rows ?? 0,
        ]),
      },
      {
        title: "the dashboard's 30-day view: 3 summaries and a log page at once (ms)",
        columns: ['rows', 'ms'],
        rows: figures.map((step) => [rowsOf(step), step.dashboardMs]),
      },
      {
        title: '/v1/logs, a page of 50 (ms) and the scans of its plan at the largest size',
        columns: ['filter', ...figures.map((step) => `${step.rows.toLocaleString('en-US')} rows`), 'scans'],
        rows: (last?.lists ?? []).map((timing, index) => [
          timing.filter,
          ...figures.map((step) => step.lists[index]?.ms ?? 0),
          timing.scans,
        ]),
      },
      {
        title: 'disk (MB)',
        columns: ['rows', 'rows table', 'bodies', 'rollups and histograms', 'rollup rows', 'MB per 1M rows'],
        rows: figures.map((step) => [
          rowsOf(step),
          step.disk.logsMb,
          step.disk.bodiesMb,
          step.disk.rollupsMb,
          step.disk.rollupRows,
          Math.round(((step.disk.logsMb + step.disk.bodiesMb + step.disk.rollupsMb) / step.rows) * 1_000_000),
        ]),
      },
      {
        title: 'one retention pass (29 days of rows, 7 of bodies)',
        columns: ['days of rows dropped', 'days of bodies dropped', 'rollup rows deleted', 'ms'],
        rows: [
          [retention.droppedDays.length, retention.droppedBodyDays.length, retention.rollupRowsDeleted, retentionMs],
        ],
      },
    ],
    targets: [
      check(
        'import ≥ 20,000 rows/s',
        Math.min(...figures.map((step) => step.importRate)) >= 20_000,
        `${Math.min(...figures.map((step) => step.importRate))}/s`,
      ),
      check(
        'every summary (7/30 days, each group_by, hour and day; grouped ones their top 20 groups) ≤ 300 ms',
        worstSummary <= 300,
        `worst ${worstSummary} ms`,
      ),
      check("dashboard's 30-day view ≤ 1 s", (last?.dashboardMs ?? 0) <= 1_000, `${last?.dashboardMs} ms`),
      check('/v1/logs with any filter ≤ 150 ms', worstList <= 150, `worst ${worstList} ms`),
      check(
        'no /v1/logs plan scans a table sequentially',
        !(last?.lists ?? []).some((timing) => timing.seqScan),
        (last?.lists ?? [])
          .filter((timing) => timing.seqScan)
          .map((timing) => timing.filter)
          .join(', ') || 'none',
      ),
    ],
    notes: [],
  };
}
