import type { SqlDatabase } from '@sluice/database';
import type { LogListQueryInput, RequestLogReader, SummaryGroupBy } from '@sluice/request-log';
import type { RecordingDatabase } from './recording-database';

const DAY_MS = 86_400_000;

/** Median wall time of `runs` calls after one warm-up (one call when the warm-up took over 2 s), in ms. */
export async function timed(work: () => Promise<unknown>, runs = 3): Promise<number> {
  const warmUp = performance.now();
  await work();
  const count = performance.now() - warmUp > 2_000 ? 1 : runs;
  const times: number[] = [];
  for (let run = 0; run < count; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10;
}

export interface SummaryTiming {
  days: number;
  groupBy: string;
  interval: 'hour' | 'day';
  /** Groups kept when the query names a limit; absent: the default (20). */
  limit?: number;
  ms: number;
  rows: number;
}

/**
 * Every summary the issue names: 7 and 30 days, each grouping, hour and day, with the default group limit; then the
 * 30-day hourly one by user with every user (limit=1000). The answer is serialised as JSON, as the route does.
 */
export async function measureSummaries(reader: RequestLogReader, now: Date): Promise<SummaryTiming[]> {
  const timings: SummaryTiming[] = [];
  const groupings: (SummaryGroupBy | undefined)[] = [undefined, 'model', 'provider', 'user', 'property.team'];
  const cases: { days: number; groupBy?: SummaryGroupBy; interval: 'hour' | 'day'; limit?: number }[] = [];
  for (const days of [7, 30])
    for (const groupBy of groupings)
      for (const interval of ['hour', 'day'] as const) cases.push({ days, groupBy, interval });
  cases.push({ days: 30, groupBy: 'user', interval: 'hour', limit: 1_000 });
  for (const { days, groupBy, interval, limit } of cases) {
    const query = { from: new Date(now.getTime() - days * DAY_MS), to: now, groupBy, interval, limit };
    let rows = 0;
    const ms = await timed(async () => {
      const summary = await reader.summary(query);
      rows = summary.data.length;
      JSON.stringify(summary);
    });
    timings.push({ days, groupBy: groupBy ?? '(none)', interval, limit, ms, rows });
  }
  return timings;
}

/** The dashboard's 30-day view: its three summaries and the first log page, fired together as the page does. */
export async function measureDashboard(reader: RequestLogReader, now: Date): Promise<number> {
  const window = { from: new Date(now.getTime() - 30 * DAY_MS), to: now };
  return timed(() =>
    Promise.all([
      reader.summary({ ...window, interval: 'day' }),
      reader.summary({ ...window, interval: 'day', groupBy: 'property.team' }),
      reader.summary({ ...window, interval: 'day', groupBy: 'provider' }),
      reader.list({ ...window, limit: 50 }),
    ]),
  );
}

export interface ListTiming {
  filter: string;
  ms: number;
  /** The plan's scan nodes, from EXPLAIN ANALYZE of the statement the reader ran. */
  scans: string;
  seqScan: boolean;
}

/** /v1/logs with each filter (a page of 50, newest first), and the scans its plan uses. */
export async function measureLists(
  reader: RequestLogReader,
  recording: RecordingDatabase,
  database: SqlDatabase,
  now: Date,
): Promise<ListTiming[]> {
  const week = { from: new Date(now.getTime() - 7 * DAY_MS).toISOString() };
  const cases: [string, LogListQueryInput][] = [
    ['(none)', {}],
    ['from=7 days ago', week],
    ['model=gpt-4o (served or requested)', { model: 'gpt-4o' }],
    ['model=fast (an alias)', { model: 'fast' }],
    ['provider=gemini', { provider: 'gemini' }],
    ['status=error', { status: 'error' }],
    ['cache=hit', { cache: 'hit' }],
    ['cache=hit-semantic', { cache: 'hit-semantic' }],
    ['cache=off', { cache: 'off' }],
    ['user=user-7', { user: 'user-7' }],
    ['property.team=team-7', { properties: { team: 'team-7' } }],
    ['status=error&property.team=team-7', { status: 'error', properties: { team: 'team-7' } }],
    ['cache=hit-semantic&from=7 days ago', { ...week, cache: 'hit-semantic' }],
  ];
  const timings: ListTiming[] = [];
  for (const [filter, query] of cases) {
    const ms = await timed(() => reader.list({ ...query, limit: 50 }));
    const statement = recording.last;
    let scans = '';
    if (statement) {
      const { rows } = await database.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
        statement.params,
      );
      scans = [...new Set(scanNodes(rows[0]?.['QUERY PLAN']))].join(', ');
    }
    timings.push({ filter, ms, scans, seqScan: scans.includes('Seq Scan') });
  }
  return timings;
}

function scanNodes(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(scanNodes);
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const own =
    typeof node['Node Type'] === 'string' && /Scan/.test(node['Node Type'])
      ? [
          `${node['Node Type']}${typeof node['Index Name'] === 'string' ? ` (${String(node['Index Name']).replace(/^request_logs_p\d+_/, '')})` : ''}`,
        ]
      : [];
  return [...own, ...scanNodes(node.Plan), ...scanNodes(node.Plans)];
}
