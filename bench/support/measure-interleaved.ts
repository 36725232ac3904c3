/**
 * Load against several targets measured fairly on a shared machine: each is warmed up, then measured in rounds, a
 * slice per target per round in a rotated order, so the machine's slow and quiet moments fall on every target alike.
 * The CPU time of each target's processes is metered during its slices.
 */
import { startCpuMeter } from './cpu-usage';
import { combineLoads, type LoadResult, runLoad } from './run-load';
import { round } from './scenario-report';

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
