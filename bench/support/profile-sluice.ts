/**
 * Extra runs against a Sluice process started with `--cpu-prof`, at 64 connections and at 1 connection; its
 * profile, cut to each measured window, shows where Sluice's CPU goes. Kept apart from the measured runs
 * (the profiler slows the process down).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAT_BODY } from './bench-options';
import {
  monotonicMicroseconds,
  type ProfileWindow,
  readThreadProfiles,
  summariseWindow,
  type WindowSummary,
} from './cpu-profile-summary';
import { probeTarget, sluiceTarget } from './load-targets';
import type { Table } from './markdown-table';
import { runLoad } from './run-load';
import { sluiceConfigFor, startSluiceProcess } from './sluice-process';

/** The loads profiled by default: many connections, then one. */
const DEFAULT_PHASES = [64, 1];
const TOP = 12;

interface Phase {
  connections: number;
  okPerS: number;
  window: ProfileWindow;
}

export async function profileSluiceUnderLoad(
  simulatorUrl: string,
  timing: { warmupS: number; measureS: number },
  load: { body: string; connections: readonly number[] } = { body: CHAT_BODY, connections: DEFAULT_PHASES },
): Promise<Table[]> {
  const { body } = load;
  const profileDir = await mkdtemp(join(tmpdir(), 'sluice-bench-profile-'));
  try {
    const sluice = await startSluiceProcess({ configYaml: sluiceConfigFor(simulatorUrl), cpuProfileDir: profileDir });
    const phases: Phase[] = [];
    try {
      const target = sluiceTarget(sluice.origin);
      await probeTarget(target, body);
      for (const connections of load.connections) {
        const base = { url: target.url, headers: target.headers, body, connections, timeoutS: 10 };
        await runLoad({ ...base, durationS: timing.warmupS });
        const fromUs = monotonicMicroseconds();
        const { okPerS } = await runLoad({ ...base, durationS: timing.measureS });
        phases.push({ connections, okPerS, window: { fromUs, toUs: monotonicMicroseconds() } });
      }
    } finally {
      await sluice.stop();
    }
    const threads = await readThreadProfiles(profileDir);
    return threads.flatMap(({ threadId, profile }) => {
      const summaries = phases.map((phase) => ({ phase, summary: summariseWindow(profile, phase.window) }));
      const name = threadName(
        threadId,
        summaries.map(({ summary }) => summary),
      );
      return name === undefined ? [] : profileTables(name, summaries);
    });
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
}

/**
 * A thread named by the Sluice services its samples ran (thread ids depend on start order and on tsx's loader
 * threads); threads that ran no Sluice code at all (loader hooks) are left out.
 */
function threadName(threadId: number, summaries: WindowSummary[]): string | undefined {
  const services = new Set(
    summaries.flatMap((summary) =>
      summary.byPackage.map(([name]) => name).filter((name) => name.startsWith('services/')),
    ),
  );
  const sluiceCode = summaries.some((summary) =>
    summary.byPackage.some(([name]) => name.startsWith('services/') || name.startsWith('@sluice/')),
  );
  if (!sluiceCode) return undefined;
  const label = [...services]
    .map((name) => name.slice('services/'.length))
    .sort()
    .join(', ');
  return `thread ${threadId}${threadId === 0 ? ' (main)' : ''}: ${label || 'shared packages only'}`;
}

function profileTables(thread: string, summaries: { phase: Phase; summary: WindowSummary }[]): Table[] {
  const info: Table = {
    title: `Sluice CPU profile, ${thread}: extra runs under --cpu-prof (shares are % of this thread's non-idle samples)`,
    columns: ['connections', 'req/s while profiled', 'samples', 'idle %', 'window matched'],
    rows: summaries.map(({ phase, summary }) => [
      phase.connections,
      phase.okPerS,
      summary.samples,
      summary.idlePercent,
      summary.windowMatched ? 'yes' : 'no: whole profile',
    ]),
  };
  const ranked = (title: string, pick: (summary: WindowSummary) => [string, number][]): Table[] =>
    summaries.map(({ phase, summary }) => ({
      title: `${title}, ${thread}, @${phase.connections} connection${phase.connections === 1 ? '' : 's'}`,
      columns: ['where', 'self %'],
      rows: pick(summary).slice(0, TOP),
    }));
  return [
    info,
    ...ranked('Sluice CPU by package', (summary) => summary.byPackage),
    ...ranked('Sluice CPU by nearest Sluice function on the stack', (summary) => summary.bySluiceFrame),
    ...ranked('Sluice CPU by function (self time)', (summary) => summary.byFunction),
  ];
}
