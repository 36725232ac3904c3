/**
 * Reads V8 `.cpuprofile`s (written by `node --cpu-prof`) and ranks CPU time over the samples taken inside a
 * window of the monotonic clock (the one `process.hrtime` reads, in µs): self time by package, by function, and
 * by the nearest Sluice function on the stack (its own time plus the library code it called synchronously).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CpuProfile, CpuProfileSchema, describeFrames, type FrameDescription } from './describe-profile-frames';

export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

export interface WindowSummary {
  /** Samples counted (inside the window, or all of them when the window missed the profile). */
  samples: number;
  windowMatched: boolean;
  /** Share of samples in which the thread was idle (waiting on I/O). */
  idlePercent: number;
  /** Name → share of busy samples (%), largest first. */
  byPackage: [string, number][];
  byFunction: [string, number][];
  bySluiceFrame: [string, number][];
}

/** The monotonic clock in microseconds, comparable with V8 profile timestamps on Linux. */
export function monotonicMicroseconds(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * The busiest `.cpuprofile` in `directory`: node writes one per thread, and under `--import tsx` the
 * module-loader hooks thread (idle once the modules are loaded) writes its own.
 */
/** A thread's profile: node names the files `CPU.<date>.<time>.<pid>.<threadId>.<sequence>.cpuprofile`. */
export interface ThreadProfile {
  threadId: number;
  profile: CpuProfile;
}

/** Every thread's profile that holds at least `minBusySamples` non-idle samples, the main thread (id 0) first. */
export async function readThreadProfiles(directory: string, minBusySamples = 100): Promise<ThreadProfile[]> {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'));
  const threads: ThreadProfile[] = [];
  for (const file of files) {
    const profile = CpuProfileSchema.parse(JSON.parse(await readFile(join(directory, file), 'utf8')));
    const idleIds = new Set(
      profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
    );
    const busy = profile.samples.filter((id) => !idleIds.has(id)).length;
    if (busy >= minBusySamples) threads.push({ threadId: Number(file.split('.').at(-3)), profile });
  }
  if (threads.length === 0) throw new Error(`no busy .cpuprofile was written to ${directory}`);
  return threads.sort((left, right) => left.threadId - right.threadId);
}

export function summariseWindow(profile: CpuProfile, window: ProfileWindow): WindowSummary {
  const frames = describeFrames(profile);
  const windowMatched = window.fromUs < profile.endTime && window.toUs > profile.startTime;
  const counters = {
    byPackage: new Map<string, number>(),
    byFunction: new Map<string, number>(),
    bySluiceFrame: new Map<string, number>(),
  };
  let counted = 0;
  let idle = 0;
  let timestamp = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    timestamp += profile.timeDeltas[index] ?? 0;
    if (windowMatched && (timestamp < window.fromUs || timestamp > window.toUs)) return;
    const frame: FrameDescription | undefined = frames.get(nodeId);
    if (frame === undefined) return;
    counted += 1;
    if (frame.idle) {
      idle += 1;
      return;
    }
    increment(counters.byPackage, frame.packageName);
    increment(counters.byFunction, frame.functionName);
    increment(counters.bySluiceFrame, frame.nearestSluiceFrame);
  });
  const busy = Math.max(1, counted - idle);
  const ranked = (counts: Map<string, number>): [string, number][] =>
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, count]) => [name, Math.round((1000 * count) / busy) / 10]);
  return {
    samples: counted,
    windowMatched,
    idlePercent: Math.round((1000 * idle) / Math.max(1, counted)) / 10,
    byPackage: ranked(counters.byPackage),
    byFunction: ranked(counters.byFunction),
    bySluiceFrame: ranked(counters.bySluiceFrame),
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
