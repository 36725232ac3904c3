/**
 * Sluice on a Redis Cluster beside Sluice on one Redis (docs/redis-cluster.md): the same all-in-one process (as
 * `npm start` runs it, embedded PGlite) against a zero-latency OpenAI simulator, once with REDIS_URL on a Redis
 * server of its own and once with REDIS_CLUSTER_NODES on a 3-master, 3-replica cluster of its own on loopback ports
 * (the test tier's, test/helpers/redis-cluster.ts), both with append-only files as the cluster's nodes have them. Three workloads — sync chat completions, streamed chat completions, and
 * async jobs (accepted, then drained by the worker) — each run on both deployments in rotating rounds, so the
 * ratios come from the same minutes of this shared machine.
 */
import { type PrivateRedis, startPrivateRedis } from '../test/helpers/private-redis';
import { type RedisClusterFixture, startRedisCluster } from '../test/helpers/redis-cluster';
import type { BenchOptions } from './support/bench-options';
import { startCpuMeter } from './support/cpu-usage';
import { combineLoads, type LoadResult, runLoad } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const HEADERS = { authorization: 'Bearer sk-bench-client' };
const MESSAGES = [{ role: 'user', content: 'Say hello to the cluster in about twenty words, please, word by word.' }];

interface Workload {
  name: string;
  path: string;
  body: string;
  connections: number;
  /** Async jobs: after the load, wait until the worker has finished every accepted job. */
  drains?: boolean;
}

const WORKLOADS: Workload[] = [
  {
    name: 'sync chat completions',
    path: '/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: MESSAGES }),
    connections: 64,
  },
  {
    name: 'streamed chat completions',
    path: '/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: MESSAGES }),
    connections: 16,
  },
  {
    name: 'async jobs (POST /v1/jobs, then drained)',
    path: '/v1/jobs',
    body: JSON.stringify({ body: { model: 'gpt-4o-mini', messages: MESSAGES } }),
    connections: 64,
    drains: true,
  },
];

interface Slice {
  loads: LoadResult[];
  cpuMs: number;
  /** Wall time of the load plus the drain (jobs only), in seconds. */
  completedInS: number;
}

/** Polls the job list until nothing is queued or running (the worker drained what the load queued), in seconds. */
async function waitForJobsDrained(origin: string, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  const pending = async (status: string) => {
    const answer = await fetch(`${origin}/v1/jobs?status=${status}&limit=1`, { headers: HEADERS });
    return ((await answer.json()) as { data: unknown[] }).data.length > 0;
  };
  while ((await pending('queued')) || (await pending('running'))) {
    if (performance.now() - started > timeoutMs) throw new Error('jobs were not drained within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (performance.now() - started) / 1000;
}

export async function runRedisClusterBench(options: BenchOptions): Promise<ScenarioReport> {
  const timing = options.quick ? { warmupS: 1, measureS: 4, rounds: 2 } : { warmupS: 2, measureS: 16, rounds: 4 };
  let simulator: SimulatorProcess | undefined;
  let cluster: RedisClusterFixture | undefined;
  let redis: PrivateRedis | undefined;
  const targets: { name: string; sluice: SluiceProcess }[] = [];
  try {
    simulator = await startSimulatorProcess();
    cluster = await startRedisCluster();
    redis = await startPrivateRedis({ appendonly: true, args: ['--appendfsync', 'everysec'] });
    const config = sluiceConfigFor(simulator.url);
    targets.push({
      name: 'one Redis',
      sluice: await startSluiceProcess({ configYaml: config, env: { REDIS_URL: redis.url } }),
    });
    targets.push({
      name: 'Redis Cluster (3 masters)',
      sluice: await startSluiceProcess({ configYaml: config, env: { REDIS_CLUSTER_NODES: cluster.seeds } }),
    });
    const load = (origin: string, workload: Workload, durationS: number) =>
      runLoad({
        url: `${origin}${workload.path}`,
        headers: HEADERS,
        body: workload.body,
        connections: workload.connections,
        durationS,
        timeoutS: 20,
      });
    for (const workload of WORKLOADS)
      for (const target of targets) {
        await load(target.sluice.origin, workload, timing.warmupS);
        if (workload.drains) await waitForJobsDrained(target.sluice.origin);
      }
    const slices = WORKLOADS.map(() => targets.map((): Slice => ({ loads: [], cpuMs: 0, completedInS: 0 })));
    for (let round = 0; round < timing.rounds; round += 1) {
      for (const [w, workload] of WORKLOADS.entries()) {
        for (let offset = 0; offset < targets.length; offset += 1) {
          const t = (round + offset) % targets.length;
          const target = targets[t] as (typeof targets)[number];
          const slice = slices[w]?.[t] as Slice;
          const meter = startCpuMeter([target.sluice.pid]);
          const durationS = timing.measureS / timing.rounds;
          slice.loads.push(await load(target.sluice.origin, workload, durationS));
          slice.completedInS += durationS + (workload.drains ? await waitForJobsDrained(target.sluice.origin) : 0);
          slice.cpuMs += meter.stop()[0] ?? 0;
        }
      }
    }
    const keysPerMaster = await cluster.keysPerMaster();
    return report(slices, targets, keysPerMaster, timing);
  } finally {
    await Promise.allSettled([...targets.map((target) => target.sluice.stop()), simulator?.stop()]);
    await Promise.allSettled([cluster?.stop(), redis?.dispose()]);
  }
}

function report(
  slices: Slice[][],
  targets: { name: string }[],
  keysPerMaster: Map<number, number>,
  timing: { warmupS: number; measureS: number; rounds: number },
): ScenarioReport {
  const rows = WORKLOADS.flatMap((workload, w) =>
    targets.map((target, t) => {
      const slice = slices[w]?.[t] as Slice;
      const combined = combineLoads(slice.loads);
      const completedPerS = round(combined.ok / slice.completedInS, 1);
      const cpuPerRequest = combined.ok === 0 ? Number.NaN : round(slice.cpuMs / combined.ok, 3);
      process.stdout.write(`  redis-cluster: ${workload.name}, ${target.name}: ${completedPerS}/s\n`);
      return { workload, target, combined, completedPerS, cpuPerRequest };
    }),
  );
  const ratio = (w: number) => {
    const [single, clustered] = [rows[w * 2], rows[w * 2 + 1]];
    return round((clustered?.completedPerS ?? 0) / (single?.completedPerS ?? 1), 2);
  };
  const failures = rows.reduce((sum, row) => sum + row.combined.errors + row.combined.non2xx, 0);
  const mastersWithKeys = [...keysPerMaster.values()].filter((count) => count > 0).length;
  return {
    name: 'redis-cluster',
    summary: `The all-in-one Sluice process (embedded PGlite) on one Redis server of its own and on a 3-master, 3-replica Redis Cluster of its own on loopback (both append-only, fsync every second), zero-latency OpenAI simulator; ${timing.warmupS} s warm-up per workload and deployment, then ${timing.measureS} s each in ${timing.rounds} rotating rounds (bench/redis-cluster-bench.ts).`,
    tables: [
      {
        title: 'redis-cluster: runs',
        columns: [
          'workload',
          'deployment',
          'conns',
          'completed/s',
          'p50 ms',
          'p99 ms',
          'gateway CPU ms/req',
          'errors + non-2xx',
        ],
        rows: rows.map((row) => [
          row.workload.name,
          row.target.name,
          row.workload.connections,
          row.completedPerS,
          row.combined.p50Ms,
          row.combined.p99Ms,
          row.cpuPerRequest,
          row.combined.errors + row.combined.non2xx,
        ]),
      },
      {
        title: 'redis-cluster: cluster / one Redis',
        columns: ['workload', 'completed/s ratio'],
        rows: WORKLOADS.map((workload, w) => [workload.name, ratio(w)]),
      },
      {
        title: 'redis-cluster: keys per master at the end',
        columns: ['master port', 'keys'],
        rows: [...keysPerMaster].map(([port, count]) => [port, count]),
      },
    ],
    targets: [
      check('no errors or non-2xx on either deployment', failures === 0, `${failures} failed`),
      check(
        'keys spread over at least two masters',
        mastersWithKeys >= 2,
        `${mastersWithKeys} of ${keysPerMaster.size}`,
      ),
    ],
    notes: [
      'completed/s: 2xx answers per second of load; for async jobs, accepted jobs per second of load plus the time the worker took to finish them (GET /v1/jobs?status=queued|running until empty).',
      'CPU ms/req: user+system time of the Sluice process (all its threads) per 2xx answer, Redis excluded (one server or six).',
    ],
  };
}
