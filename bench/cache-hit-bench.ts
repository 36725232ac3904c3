/**
 * Exact cache hit latency (issue "Caching"): at one connection, the p50 of the same chat request (a) sent directly
 * to a zero-latency OpenAI simulator and (b) answered by Sluice from its exact cache, each its own process, measured
 * in alternating rounds of one run. Sluice runs all-in-one twice: with the request log on PostgreSQL (a scratch
 * database; the production setup, and the target's figure) and on embedded PGlite (the development default, whose
 * WebAssembly inserts share the event loop with the ingress). Target: an exact hit adds at most 1 ms to the direct p50.
 *
 * The lead's runner calls runCacheHitBench(); alone: node --import tsx bench/cache-hit-bench.ts
 */
import { pathToFileURL } from 'node:url';
import { createScratchPostgres } from '../test/helpers/scratch-databases';
import { CHAT_BODY } from './support/bench-options';
import { directTarget, type LoadTarget, probeTarget, sluiceTarget } from './support/load-targets';
import { runLoad } from './support/run-load';
import { round } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const ROUNDS = 5;
const REQUESTS_PER_ROUND = 1_000;
const WARMUP_REQUESTS = 1_000;

const CACHED_CONFIG = `configs:
  cached:
    strategy: single
    targets: [{ provider: openai, model: gpt-4o-mini }]
    cache: { mode: exact, ttl_s: 3600 }
default_config: cached
`;

interface HitMeasurement {
  directP50: number;
  hitP50: number;
  upstreamCallsDuringHits: number;
}

export async function runCacheHitBench(): Promise<Record<string, number>> {
  const simulator = await startSimulatorProcess();
  try {
    await probeTarget(directTarget(simulator.url), CHAT_BODY);
    const scratch = await createScratchPostgres('sluice_cache_bench');
    let postgres: HitMeasurement;
    try {
      postgres = await measureHits(simulator, { DATABASE_URL: scratch.url });
    } finally {
      await scratch.drop();
    }
    const pglite = await measureHits(simulator, {});
    return {
      requests_per_target: ROUNDS * REQUESTS_PER_ROUND,
      direct_p50_ms: round(postgres.directP50, 3),
      exact_hit_p50_ms: round(postgres.hitP50, 3),
      added_p50_ms: round(postgres.hitP50 - postgres.directP50, 3),
      target_added_p50_ms: 1,
      target_met: postgres.hitP50 - postgres.directP50 <= 1 ? 1 : 0,
      pglite_direct_p50_ms: round(pglite.directP50, 3),
      pglite_exact_hit_p50_ms: round(pglite.hitP50, 3),
      pglite_added_p50_ms: round(pglite.hitP50 - pglite.directP50, 3),
      upstream_calls_during_hits: postgres.upstreamCallsDuringHits + pglite.upstreamCallsDuringHits,
    };
  } finally {
    await simulator.stop();
  }
}

/** Direct and cached p50s, in alternating rounds, against one all-in-one Sluice process with the given environment. */
async function measureHits(simulator: SimulatorProcess, env: Record<string, string>): Promise<HitMeasurement> {
  const sluice = await startSluiceProcess({
    configYaml: sluiceConfigFor(simulator.url, { extraYaml: CACHED_CONFIG }),
    env,
  });
  try {
    const direct = directTarget(simulator.url);
    const gateway = sluiceTarget(sluice.origin);
    await waitForExactHit(gateway);
    const upstreamBefore = (await simulator.stats()).requests;
    for (const target of [direct, gateway]) await p50Of(target, WARMUP_REQUESTS);
    const directP50s: number[] = [];
    const hitP50s: number[] = [];
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      directP50s.push(await p50Of(direct, REQUESTS_PER_ROUND));
      hitP50s.push(await p50Of(gateway, REQUESTS_PER_ROUND));
    }
    const directCalls = ROUNDS * REQUESTS_PER_ROUND + WARMUP_REQUESTS;
    return {
      directP50: median(directP50s),
      hitP50: median(hitP50s),
      upstreamCallsDuringHits: (await simulator.stats()).requests - upstreamBefore - directCalls,
    };
  } finally {
    await sluice.stop();
  }
}

/** Sends the request until Sluice answers it from the cache (the first answer is stored by the cache service). */
async function waitForExactHit(target: LoadTarget): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body: CHAT_BODY,
    });
    await response.text();
    if (response.headers.get('x-sluice-cache') === 'hit-exact') return;
    if (Date.now() > deadline)
      throw new Error(`no exact cache hit within 15 s (x-sluice-cache: ${response.headers.get('x-sluice-cache')})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function p50Of(target: LoadTarget, amount: number): Promise<number> {
  const load = await runLoad({
    url: target.url,
    headers: target.headers,
    body: CHAT_BODY,
    connections: 1,
    amount,
    timeoutS: 10,
    maxDurationS: 120,
  });
  if (load.ok !== amount)
    throw new Error(`${target.name}: ${load.ok} of ${amount} answered 2xx (${JSON.stringify(load.statusCounts)})`);
  return load.p50Ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCacheHitBench().then((results) => console.log(JSON.stringify(results, null, 2)));
}
