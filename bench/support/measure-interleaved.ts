/**
 * Load against several targets measured fairly on a shared machine: each is warmed up, then measured in rounds, a
 * slice per target per round in a rotated order, so the machine's slow and quiet moments fall on every target alike.
 * The CPU time of each target's processes is metered during its slices, and after each until they are idle: work a
 * slice leaves behind (a request log's backlog) is billed to it, not to whichever slice comes next or, when that is
 * another target's, to no one.
 */
import { startCpuMeter } from './cpu-usage';
import { combineLoads, type LoadResult, runLoad } from './run-load';
import { round } from './scenario-report';

/** After its load, a slice's meter runs until its processes use less than IDLE_CPU_MS in an IDLE_PROBE_MS window. */
const IDLE_PROBE_MS = 250;
const IDLE_CPU_MS = 25;
/** The longest a slice's meter waits for its processes to go idle. */
const IDLE_WAIT_LIMIT_MS = 15_000;

export interface Contender {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Processes whose CPU time is metered while this target is under load (none for the simulator itself). */
  pids: () => number[];
}

export interface InterleavedTiming {
  warmupS: number;
  /** Measured seconds per target, in `rounds` slices. */
  measureS: number;
  rounds: number;
}

export interface InterleavedMeasurement {
  name: string;
  load: LoadResult;
  /** CPU ms per 2xx response of each metered process, in `pids` order; undefined when none succeeded. */
  cpuMsPerRequest: (number | undefined)[];
}

export async function measureInterleaved(
  contenders: Contender[],
  connections: number,
  timing: InterleavedTiming,
): Promise<InterleavedMeasurement[]> {
  const options = (contender: Contender) => ({
    url: contender.url,
    headers: contender.headers,
    body: contender.body,
    connections,
    timeoutS: 10,
  });
  for (const contender of contenders) await runLoad({ ...options(contender), durationS: timing.warmupS });
  const slices = contenders.map(() => ({ loads: [] as LoadResult[], cpuMs: [] as number[] }));
  for (let pass = 0; pass < timing.rounds; pass += 1) {
    for (let offset = 0; offset < contenders.length; offset += 1) {
      const index = (pass + offset) % contenders.length;
      const contender = contenders[index] as Contender;
      const meter = startCpuMeter(contender.pids());
      const load = await runLoad({ ...options(contender), durationS: timing.measureS / timing.rounds });
      await untilIdle(contender.pids());
      const used = meter.stop();
      const slice = slices[index] as (typeof slices)[number];
      slice.loads.push(load);
      slice.cpuMs = used.map((ms, process) => (slice.cpuMs[process] ?? 0) + ms);
    }
  }
  return contenders.map((contender, index) => {
    const slice = slices[index] as (typeof slices)[number];
    const load = combineLoads(slice.loads);
    const cpuMsPerRequest = slice.cpuMs.map((ms) => (load.ok === 0 ? undefined : round(ms / load.ok, 3)));
    process.stdout.write(
      `  ${contender.name} @${connections}: ${load.okPerS} req/s, p50 ${load.p50Ms} ms, CPU ms/req ${cpuMsPerRequest.join(' + ')}\n`,
    );
    return { name: contender.name, load, cpuMsPerRequest };
  });
}

/** Waits until `pids` together use less than IDLE_CPU_MS of CPU in IDLE_PROBE_MS, or IDLE_WAIT_LIMIT_MS has passed. */
export async function untilIdle(pids: number[]): Promise<void> {
  if (pids.length === 0) return;
  for (let waited = 0; waited < IDLE_WAIT_LIMIT_MS; waited += IDLE_PROBE_MS) {
    const probe = startCpuMeter(pids);
    await new Promise((resolve) => setTimeout(resolve, IDLE_PROBE_MS));
    if (probe.stop().reduce((sum, ms) => sum + ms, 0) < IDLE_CPU_MS) return;
  }
}
