/**
 * Slow upstream: with the simulator answering after 1 s, 2,000 requests arrive at once (2,000 connections,
 * one request each). Targets: every one succeeds, and the Sluice process stays under 300 MB RSS (VmRSS sampled
 * every 100 ms). Sluice runs as `npm start` does (embedded PGlite), then on PostgreSQL to show what the
 * embedded database weighs; the same burst straight at the simulator gives the floor for the elapsed time.
 */
import { type BenchOptions, CHAT_BODY } from './support/bench-options';
import { directTarget, type LoadTarget, probeTarget, sluiceTarget } from './support/load-targets';
import { readRssMb, startRssSampler } from './support/rss-sampler';
import { type LoadResult, runLoad } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const SPLIT_TARGET = 'sluice ingress (split services)';
const UPSTREAM_LATENCY_MS = 1_000;
const RSS_LIMIT_MB = 300;
const VARIANTS = [
  { name: 'sluice', database: 'pglite' },
  { name: 'sluice (PostgreSQL)', database: 'postgres' },
] as const;

interface Burst {
  target: string;
  load: LoadResult;
  upstreamMaxInFlight: number;
  idleRssMb?: number;
  peakRssMb?: number;
}

export async function runSlowUpstreamConcurrencyBench(options: BenchOptions): Promise<ScenarioReport> {
  const requests = options.quick ? 500 : 2_000;
  let simulator: SimulatorProcess | undefined;
  try {
    simulator = await startSimulatorProcess();
    const bursts = [await burst(simulator, directTarget(simulator.url), requests)];
    for (const variant of VARIANTS) bursts.push(await burstThroughSluice(simulator, variant, requests));
    bursts.push(await burstThroughSplitServices(simulator, requests));
    return buildReport(requests, bursts);
  } finally {
    await simulator?.stop();
  }
}

async function burstThroughSluice(
  simulator: SimulatorProcess,
  variant: (typeof VARIANTS)[number],
  requests: number,
): Promise<Burst> {
  await simulator.reset();
  const sluice = await startSluiceProcess({
    configYaml: sluiceConfigFor(simulator.url),
    env: { SLUICE_WORKER_CONCURRENCY: String(requests) },
    database: variant.database,
  });
  try {
    await probeTarget(sluiceTarget(sluice.origin), CHAT_BODY);
    const idleRssMb = readRssMb(sluice.pid) ?? Number.NaN;
    const sampler = startRssSampler(sluice.pid, 100);
    const measured = await burst(simulator, sluiceTarget(sluice.origin, variant.name), requests);
    return { ...measured, idleRssMb: round(idleRssMb, 1), peakRssMb: round(sampler.stop().peakMb, 1) };
  } finally {
    await sluice.stop();
  }
}

/** The ingress in a process of its own, the other services in another, on PostgreSQL: RSS sampled on the ingress. */
async function burstThroughSplitServices(simulator: SimulatorProcess, requests: number): Promise<Burst> {
  await simulator.reset();
  const configYaml = sluiceConfigFor(simulator.url);
  const ingress = await startSluiceProcess({ configYaml, database: 'postgres', env: { SLUICE_SERVICES: 'ingress' } });
  const others = await startSluiceProcess({
    configYaml,
    joinDeployment: { prefix: ingress.deployment.prefix, databaseUrl: ingress.deployment.databaseUrl ?? '' },
    env: {
      SLUICE_SERVICES: 'worker,logger,cache,webhooks',
      SLUICE_WORKER_CONCURRENCY: String(requests),
      LOG_LEVEL: 'info',
    },
  });
  try {
    await probeTarget(sluiceTarget(ingress.origin), CHAT_BODY);
    const idleRssMb = readRssMb(ingress.pid) ?? Number.NaN;
    const sampler = startRssSampler(ingress.pid, 100);
    const measured = await burst(simulator, sluiceTarget(ingress.origin, SPLIT_TARGET), requests);
    return { ...measured, idleRssMb: round(idleRssMb, 1), peakRssMb: round(sampler.stop().peakMb, 1) };
  } finally {
    await others.stop();
    await ingress.stop();
  }
}

async function burst(simulator: SimulatorProcess, target: LoadTarget, requests: number): Promise<Burst> {
  await simulator.reset();
  await simulator.configure({ latencyMs: UPSTREAM_LATENCY_MS });
  const load = await runLoad({
    url: target.url,
    headers: target.headers,
    body: CHAT_BODY,
    connections: requests,
    amount: requests,
    timeoutS: 120,
    maxDurationS: 180,
  });
  const stats = await simulator.stats();
  process.stdout.write(
    `  slow-upstream-concurrency: ${target.name}: ${load.ok}/${requests} ok in ${load.elapsedS} s, upstream max in flight ${stats.maxInFlight}\n`,
  );
  return { target: target.name, load, upstreamMaxInFlight: stats.maxInFlight };
}

function buildReport(requests: number, bursts: Burst[]): ScenarioReport {
  const embedded = bursts.find((entry) => entry.target === 'sluice');
  const embeddedOk = embedded?.load.ok ?? 0;
  const embeddedPeak = embedded?.peakRssMb ?? Number.NaN;
  const split = bursts.find((entry) => entry.target === SPLIT_TARGET);
  return {
    name: 'slow-upstream-concurrency',
    summary: `${requests} requests at once (${requests} connections, one request each) against a simulator answering after ${UPSTREAM_LATENCY_MS} ms; Sluice with SLUICE_WORKER_CONCURRENCY=${requests}, as \`npm start\` runs it (embedded PGlite) and with DATABASE_URL on PostgreSQL.`,
    tables: [
      {
        title: 'slow-upstream-concurrency: bursts',
        columns: [
          'target',
          'ok',
          'non-2xx',
          'errors',
          'elapsed s',
          'p50 ms',
          'p99 ms',
          'upstream max in flight',
          'RSS before MB',
          'peak RSS MB',
        ],
        rows: bursts.map(({ target, load, upstreamMaxInFlight, idleRssMb, peakRssMb }) => [
          target,
          load.ok,
          load.non2xx,
          load.errors,
          load.elapsedS,
          load.p50Ms,
          load.p99Ms,
          upstreamMaxInFlight,
          idleRssMb ?? '–',
          peakRssMb ?? '–',
        ]),
      },
    ],
    targets: [
      check(`all ${requests} requests succeed through Sluice`, embeddedOk === requests, `${embeddedOk}/${requests}`),
      check(
        `Sluice peak RSS < ${RSS_LIMIT_MB} MB (all-in-one process)`,
        embeddedPeak < RSS_LIMIT_MB,
        `${embeddedPeak} MB`,
      ),
      check(
        `ingress peak RSS < ${RSS_LIMIT_MB} MB (ingress in its own process)`,
        (split?.peakRssMb ?? Number.NaN) < RSS_LIMIT_MB,
        `${split?.peakRssMb} MB, ${split?.load.ok}/${requests} ok`,
      ),
    ],
    notes: [
      'Targets are judged on "sluice" (as `npm start` runs it). RSS is VmRSS of the Sluice process in MB (10^6 bytes), sampled every 100 ms during the burst.',
      '"upstream max in flight" is the simulator\'s own count of concurrent requests: below the burst size, something between the client and the upstream queues them.',
    ],
  };
}
