/**
 * Where the CPU of one request goes, for kinds of request compared side by side (a chat stream and the same answer as
 * a Responses stream): one Sluice process started with `--cpu-prof`, each kind loaded in turn, twice, alternating;
 * each thread's samples in a kind's windows are summed (each as at most the sampling interval: sampleCpuUs) per request
 * answered, by the nearest Sluice function on the stack and by package, and ranked by how much the kinds differ. Kept
 * apart from the measured runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monotonicMicroseconds, readThreadProfiles, type ThreadProfile } from './cpu-profile-summary';
import { describeFrames } from './describe-profile-frames';
import type { Table } from './markdown-table';
import { runLoad } from './run-load';
import { round } from './scenario-report';
import { startSluiceProcess } from './sluice-process';

export interface ProfiledVariant {
  name: string;
  path: string;
  body: string;
}

interface Window {
  variant: number;
  fromUs: number;
  toUs: number;
  answered: number;
}

/** Sampling every 250 µs: the default 1 ms leaves too few samples per request to compare µs-sized differences. */
const INTERVAL_US = 250;
/**
 * A sample's time counts up to the interval. V8 samples by the wall clock: a thread preempted, or blocked in a system
 * call, takes its next sample late, and that sample's time delta holds the wait. Summed as they came, the main
 * thread's busy time at 150 req/s on the shared 2 cores was 907–1,143 µs a request against 330–500 µs of CPU without
 * the profiler (/proc), the wait billed to whatever was on the stack — above all the writev that wakes the client
 * (BENCHMARKS.md, 2026-12-07 19:04–20:40 UTC notes).
 */
function sampleCpuUs(delta: number): number {
  return Math.min(delta, INTERVAL_US);
}
const TOP = 15;

export async function profileVariantsUnderLoad(
  configYaml: string,
  variants: readonly ProfiledVariant[],
  options: { connections: number; warmupS: number; measureS: number; headers: Record<string, string> },
): Promise<Table[]> {
  const profileDir = await mkdtemp(join(tmpdir(), 'sluice-bench-variants-'));
  try {
    const sluice = await startSluiceProcess({
      configYaml,
      cpuProfileDir: profileDir,
      cpuProfileIntervalUs: INTERVAL_US,
    });
    const windows: Window[] = [];
    try {
      const load = (variant: ProfiledVariant, durationS: number) =>
        runLoad({
          url: `${sluice.origin}${variant.path}`,
          headers: options.headers,
          body: variant.body,
          connections: options.connections,
          durationS,
          timeoutS: 10,
        });
      for (const variant of variants) await load(variant, options.warmupS);
      for (const pass of [0, 1]) {
        const order = variants.map((_, index) => index);
        for (const index of pass === 0 ? order : order.reverse()) {
          const fromUs = monotonicMicroseconds();
          const result = await load(variants[index] as ProfiledVariant, options.measureS / 2);
          windows.push({ variant: index, fromUs, toUs: monotonicMicroseconds(), answered: result.ok });
        }
      }
    } finally {
      await sluice.stop();
    }
    const threads = await readThreadProfiles(profileDir);
    return threads.flatMap((thread) => threadTables(thread, variants, windows));
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
}

/** µs of busy samples per request answered, per variant, by key. */
type PerRequest = Map<string, number[]>;

function threadTables(thread: ThreadProfile, variants: readonly ProfiledVariant[], windows: Window[]): Table[] {
  const { profile } = thread;
  const frames = describeFrames(profile);
  const answered = variants.map((_, index) =>
    windows.filter((window) => window.variant === index).reduce((sum, window) => sum + window.answered, 0),
  );
  const byFrame: PerRequest = new Map();
  const byPackage: PerRequest = new Map();
  const busy = variants.map(() => 0);
  const add = (counts: PerRequest, key: string, variant: number, us: number) => {
    const row = counts.get(key) ?? variants.map(() => 0);
    row[variant] = (row[variant] ?? 0) + us / Math.max(1, answered[variant] ?? 0);
    counts.set(key, row);
  };
  let timestamp = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    timestamp += delta;
    const cpu = sampleCpuUs(delta);
    const window = windows.find((candidate) => timestamp >= candidate.fromUs && timestamp <= candidate.toUs);
    const frame = frames.get(nodeId);
    if (window === undefined || frame === undefined || frame.idle) return;
    busy[window.variant] = (busy[window.variant] ?? 0) + cpu / Math.max(1, answered[window.variant] ?? 0);
    add(byFrame, frame.nearestSluiceFrame, window.variant, cpu);
    add(byPackage, frame.packageName, window.variant, cpu);
  });
  if (!busy.some((us) => us > 0)) return [];
  const label = `thread ${thread.threadId}${thread.threadId === 0 ? ' (main)' : ''}`;
  const columns = [...variants.map((variant) => `${variant.name}, µs/req`), 'difference, µs/req'];
  const ranked = (counts: PerRequest): (string | number)[][] =>
    [...counts.entries()]
      .map(([key, row]) => ({ key, row, difference: (row.at(-1) ?? 0) - (row[0] ?? 0) }))
      .sort((left, right) => Math.abs(right.difference) - Math.abs(left.difference))
      .slice(0, TOP)
      .map(({ key, row, difference }) => [key, ...row.map((us) => round(us, 1)), round(difference, 1)]);
  return [
    {
      title: `CPU per request, ${label}: busy time (--cpu-prof every ${INTERVAL_US} µs, a sample counting at most that)`,
      columns: ['requests answered while profiled', ...columns],
      rows: [[answered.join(' / '), ...busy.map((us) => round(us, 1)), round((busy.at(-1) ?? 0) - (busy[0] ?? 0), 1)]],
    },
    {
      title: `CPU per request, ${label}: by nearest Sluice function`,
      columns: ['where', ...columns],
      rows: ranked(byFrame),
    },
    { title: `CPU per request, ${label}: by package`, columns: ['package', ...columns], rows: ranked(byPackage) },
  ];
}
