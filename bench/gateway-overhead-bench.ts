/**
 * Gateway overhead (issue "Foundation"): the same autocannon load against a zero-latency OpenAI simulator
 * (a) directly, (b) through Portkey's open-source gateway and (c) through Sluice as `npm start` runs it (embedded
 * PGlite), each its own process, at 64 connections and at 1 connection; also Sluice on PostgreSQL, to show what
 * the embedded database costs, and a bare BullMQ round trip (the design's floor on this machine). Targets: at 64
 * connections Sluice serves ≥ 3× Portkey's requests per second with no errors; at 1 connection Sluice adds ≤ 2 ms
 * to the direct p50.
 */
import { type PrivateRedis, startPrivateRedis } from '../test/helpers/private-redis';
import { type BenchOptions, CHAT_BODY } from './support/bench-options';
import { type BullmqRoundTripProcess, startBullmqRoundTripProcess } from './support/bullmq-round-trip-process';
import { directTarget, type LoadTarget, portkeyTarget, probeTarget, sluiceTarget } from './support/load-targets';
import type { Table } from './support/markdown-table';
import { measureInterleaved } from './support/measure-interleaved';
import { type PortkeyProcess, startPortkeyProcess } from './support/portkey-process';
import { profileSluiceUnderLoad } from './support/profile-sluice';
import type { LoadResult } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const SLUICE = 'sluice';
const SLUICE_POSTGRES = 'sluice (PostgreSQL)';
const FLOOR = 'bullmq round trip (floor)';

interface Measurement {
  target: string;
  connections: number;
  load: LoadResult;
  /** CPU used by the gateway process (none for direct), ms per 2xx response. */
  gatewayCpuMsPerRequest: number | undefined;
  /** CPU Redis used meanwhile, ms per 2xx response. */
  redisCpuMsPerRequest: number | undefined;
}

interface Timing {
  warmupS: number;
  /** Measured seconds per target, taken in `rounds` slices that rotate through the targets. */
  measureS: number;
  rounds: number;
}

interface Contender {
  target: LoadTarget;
  /** The gateway process whose CPU time is metered; undefined for direct. */
  pid: number | undefined;
}

export async function runGatewayOverheadBench(options: BenchOptions): Promise<ScenarioReport> {
  const timing: Timing = options.quick
    ? { warmupS: 1, measureS: 3, rounds: 3 }
    : { warmupS: 2, measureS: 10, rounds: 5 };
  let redis: PrivateRedis | undefined;
  let simulator: SimulatorProcess | undefined;
  let portkey: PortkeyProcess | undefined;
  let floor: BullmqRoundTripProcess | undefined;
  const sluices: SluiceProcess[] = [];
  try {
    redis = await startPrivateRedis();
    const env = { REDIS_URL: redis.url };
    simulator = await startSimulatorProcess();
    portkey = await startPortkeyProcess();
    floor = await startBullmqRoundTripProcess(simulator.url, env);
    sluices.push(await startSluiceProcess({ configYaml: sluiceConfigFor(simulator.url), env }));
    sluices.push(await startSluiceProcess({ configYaml: sluiceConfigFor(simulator.url), database: 'postgres', env }));
    const [embedded, postgres] = sluices as [SluiceProcess, SluiceProcess];
    const contenders: Contender[] = [
      { target: directTarget(simulator.url), pid: undefined },
      { target: portkeyTarget(portkey.origin, simulator.url), pid: portkey.process.pid },
      { target: sluiceTarget(embedded.origin, SLUICE), pid: embedded.pid },
      { target: sluiceTarget(postgres.origin, SLUICE_POSTGRES), pid: postgres.pid },
      { target: { name: FLOOR, url: `${floor.origin}/v1/chat/completions`, headers: {} }, pid: floor.process.pid },
    ];
    for (const { target } of contenders) await probeTarget(target, CHAT_BODY);
    const measurements: Measurement[] = [];
    const redisPids = () => (redis?.pid === undefined ? [] : [redis.pid]);
    for (const connections of [64, 1])
      measurements.push(...(await measureAt(contenders, connections, timing, redisPids)));
    await Promise.all(sluices.splice(0).map((sluice) => sluice.stop()));
    const profile = options.profile ? await profileSluiceUnderLoad(simulator.url, timing) : undefined;
    return buildReport(measurements, timing, portkey.version, profile);
  } finally {
    await Promise.allSettled([
      ...sluices.map((sluice) => sluice.stop()),
      portkey?.stop(),
      floor?.stop(),
      simulator?.stop(),
    ]);
    await redis?.dispose();
  }
}

/**
 * Every contender at `connections`, measured in rotating rounds; the CPU of the scenario's own Redis server (which
 * only the queue-backed contenders use) is metered beside each gateway's.
 */
async function measureAt(
  contenders: Contender[],
  connections: number,
  timing: Timing,
  redisPids: () => number[],
): Promise<Measurement[]> {
  const measured = await measureInterleaved(
    contenders.map(({ target, pid }) => ({
      ...target,
      body: CHAT_BODY,
      pids: () => [...(pid === undefined ? [] : [pid]), ...redisPids()],
    })),
    connections,
    timing,
  );
  return measured.map(({ name, load, cpuMsPerRequest }, index) => {
    const metersGateway = contenders[index]?.pid !== undefined;
    const redis = cpuMsPerRequest.slice(metersGateway ? 1 : 0);
    return {
      target: name,
      connections,
      load,
      gatewayCpuMsPerRequest: metersGateway ? cpuMsPerRequest[0] : undefined,
      redisCpuMsPerRequest: redis.some((ms) => ms === undefined)
        ? undefined
        : round(
            redis.reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
            3,
          ),
    };
  });
}

function find(measurements: Measurement[], target: string, connections: number): LoadResult {
  const found = measurements.find((entry) => entry.target === target && entry.connections === connections);
  if (found === undefined) throw new Error(`no measurement for ${target} at ${connections} connections`);
  return found.load;
}

function ratiosTable(measurements: Measurement[]): Table {
  const at64 = (target: string) => find(measurements, target, 64);
  const at1 = (target: string) => find(measurements, target, 1);
  const cpuAt64 = (target: string): number => {
    const measurement = measurements.find((entry) => entry.target === target && entry.connections === 64);
    return (
      (measurement?.gatewayCpuMsPerRequest ?? Number.NaN) +
      (target === 'portkey' ? 0 : (measurement?.redisCpuMsPerRequest ?? 0))
    );
  };
  return {
    title: 'gateway-overhead: ratios',
    columns: ['ratio', 'value'],
    rows: [
      ['req/s @64: sluice / portkey', round(at64(SLUICE).okPerS / at64('portkey').okPerS, 2)],
      ['req/s @64: sluice (PostgreSQL) / portkey', round(at64(SLUICE_POSTGRES).okPerS / at64('portkey').okPerS, 2)],
      ['req/s @64: bullmq round trip (floor) / portkey', round(at64(FLOOR).okPerS / at64('portkey').okPerS, 2)],
      ['req/s @64: sluice / bullmq round trip (floor)', round(at64(SLUICE).okPerS / at64(FLOOR).okPerS, 2)],
      ['req/s @64: sluice / direct', round(at64(SLUICE).okPerS / at64('direct').okPerS, 3)],
      ['req/s @64: portkey / direct', round(at64('portkey').okPerS / at64('direct').okPerS, 3)],
      ['p50 added @1 (ms): sluice − direct', round(at1(SLUICE).p50Ms - at1('direct').p50Ms, 3)],
      ['p50 added @1 (ms): sluice (PostgreSQL) − direct', round(at1(SLUICE_POSTGRES).p50Ms - at1('direct').p50Ms, 3)],
      ['p50 added @1 (ms): portkey − direct', round(at1('portkey').p50Ms - at1('direct').p50Ms, 3)],
      ['p99 added @1 (ms): sluice − direct', round(at1(SLUICE).p99Ms - at1('direct').p99Ms, 3)],
      ['CPU ms/req @64: (sluice + redis) / portkey', round(cpuAt64(SLUICE) / cpuAt64('portkey'), 2)],
    ],
  };
}

function buildReport(
  measurements: Measurement[],
  timing: Timing,
  portkeyVersion: string,
  profile: Table[] | undefined,
): ScenarioReport {
  const sluiceAt64 = find(measurements, SLUICE, 64);
  const sluiceOverPortkey = round(sluiceAt64.okPerS / find(measurements, 'portkey', 64).okPerS, 2);
  const sluiceFailures = sluiceAt64.errors + sluiceAt64.non2xx;
  const sluiceAddedP50 = round(find(measurements, SLUICE, 1).p50Ms - find(measurements, 'direct', 1).p50Ms, 3);
  return {
    name: 'gateway-overhead',
    summary: `autocannon POST /v1/chat/completions, ${timing.warmupS} s warm-up per target, then ${timing.measureS} s per target measured in ${timing.rounds} rotating rounds, zero-latency OpenAI simulator; Portkey gateway ${portkeyVersion} (headless); "sluice" is the all-in-one process as \`npm start\` runs it (embedded PGlite), "sluice (PostgreSQL)" the same with DATABASE_URL on 127.0.0.1:5432; both, and the bare BullMQ round trip, on a Redis server of the scenario's own.`,
    tables: [measurementTable(measurements), ratiosTable(measurements), ...(profile ?? [])],
    targets: [
      check('@64 connections: Sluice ≥ 3× Portkey req/s', sluiceOverPortkey >= 3, `${sluiceOverPortkey}×`),
      check('@64 connections: Sluice has no errors or non-2xx', sluiceFailures === 0, `${sluiceFailures} failed`),
      check('@1 connection: Sluice adds ≤ 2 ms p50 over direct', sluiceAddedP50 <= 2, `${sluiceAddedP50} ms`),
    ],
    notes: [
      'Targets are judged on "sluice" (as `npm start` runs it).',
      "CPU ms/req: user+system time of the gateway process, and of the scenario's own redis-server (which Sluice and the BullMQ round trip use; no other process reaches it), during the run, per 2xx response.",
      `"${FLOOR}" (bench/support/bullmq-round-trip-server.ts) is the design with nothing but its queue: HTTP → BullMQ add → worker in the same process → upstream over undici → the answer handed back in memory; no validation, routing, reply stream, events, logging or metrics. It is the most any queue-backed gateway can serve here, so its ratio to Portkey bounds what Sluice can reach on this machine.`,
    ],
  };
}

function measurementTable(measurements: Measurement[]): Table {
  return {
    title: 'gateway-overhead: runs',
    columns: [
      'target',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'requests',
      'errors',
      'non-2xx',
      'gateway CPU ms/req',
      'redis CPU ms/req',
    ],
    rows: measurements.map(({ target, connections, load, gatewayCpuMsPerRequest, redisCpuMsPerRequest }) => [
      target,
      connections,
      load.okPerS,
      load.p50Ms,
      load.p99Ms,
      load.ok,
      load.errors,
      load.non2xx,
      gatewayCpuMsPerRequest ?? '–',
      redisCpuMsPerRequest ?? '–',
    ]),
  };
}
