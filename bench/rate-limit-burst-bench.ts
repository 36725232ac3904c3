/**
 * Rate-limit burst (issue "Reliability"): an upstream that allows N requests per second (a fixed one-second
 * window, 429 + Retry-After beyond it) receives a burst of 10×N requests at once, through Sluice (provider
 * `limits.rpm: N×60`, retries on 429) and through Portkey (its `retry` config). Targets for Sluice: every request
 * succeeds, upstream 429s are ≤ 5% of upstream calls, and the achieved rate is ≥ 90% of N.
 */
import { type BenchOptions, CHAT_BODY } from './support/bench-options';
import { type LoadTarget, portkeyTarget, probeTarget, sluiceTarget } from './support/load-targets';
import type { Table } from './support/markdown-table';
import { type PortkeyProcess, startPortkeyProcess } from './support/portkey-process';
import { runLoad } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

/** Sluice counts every upstream call as an attempt; Portkey's `attempts` are retries after the first call. */
const SLUICE_ATTEMPTS = 6;
const PORTKEY_RETRY = { attempts: 5, on_status_codes: [429] };
const PORTKEY_RETRY_AFTER = { ...PORTKEY_RETRY, use_retry_after_header: true };

interface BurstOutcome {
  label: string;
  succeeded: number;
  failed: number;
  upstreamCalls: number;
  upstream429s: number;
  elapsedS: number;
  p50Ms: number;
  p99Ms: number;
}

export async function runRateLimitBurstBench(options: BenchOptions): Promise<ScenarioReport> {
  const limit = options.quick ? 20 : 50;
  const burstSize = limit * 10;
  let simulator: SimulatorProcess | undefined;
  let sluice: SluiceProcess | undefined;
  let portkey: PortkeyProcess | undefined;
  try {
    simulator = await startSimulatorProcess();
    sluice = await startSluiceProcess({ configYaml: sluiceBurstConfig(simulator.url, limit) });
    portkey = await startPortkeyProcess();
    const runs: [string, LoadTarget][] = [
      [`sluice (rpm ${limit * 60}, ${SLUICE_ATTEMPTS} attempts on 429)`, sluiceTarget(sluice.origin)],
      [
        `portkey (retry ${JSON.stringify(PORTKEY_RETRY)})`,
        portkeyTarget(portkey.origin, simulator.url, JSON.stringify({ retry: PORTKEY_RETRY })),
      ],
      [
        'portkey (same, use_retry_after_header: true)',
        portkeyTarget(portkey.origin, simulator.url, JSON.stringify({ retry: PORTKEY_RETRY_AFTER })),
      ],
    ];
    for (const [, target] of runs) await probeTarget(target, CHAT_BODY);
    const outcomes: BurstOutcome[] = [];
    for (const [label, target] of runs) outcomes.push(await burst(simulator, label, target, limit, burstSize));
    return buildReport(outcomes, limit, burstSize);
  } finally {
    await Promise.allSettled([sluice?.stop(), portkey?.stop(), simulator?.stop()]);
  }
}

function sluiceBurstConfig(simulatorUrl: string, limit: number): string {
  return sluiceConfigFor(simulatorUrl, {
    providerLines: [`limits: { rpm: ${limit * 60} }`],
    extraYaml: [
      'configs:',
      '  burst:',
      '    strategy: single',
      '    targets: [{ provider: openai, model: gpt-4o-mini }]',
      `    retry: { attempts: ${SLUICE_ATTEMPTS}, on_status: [429], backoff_ms: 250 }`,
      'default_config: burst',
    ].join('\n'),
  });
}

async function burst(
  simulator: SimulatorProcess,
  label: string,
  target: LoadTarget,
  limit: number,
  burstSize: number,
): Promise<BurstOutcome> {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await simulator.reset();
  await simulator.configure({ rateLimitPerSecond: limit });
  const load = await runLoad({
    url: target.url,
    headers: target.headers,
    body: CHAT_BODY,
    connections: burstSize,
    amount: burstSize,
    timeoutS: 150,
    maxDurationS: 200,
  });
  const stats = await simulator.stats();
  await simulator.reset();
  process.stdout.write(
    `  rate-limit-burst: ${label}: ${load.ok}/${burstSize} ok in ${load.elapsedS} s, ${stats.rateLimited}/${stats.requests} upstream 429s\n`,
  );
  return {
    label,
    succeeded: load.ok,
    failed: burstSize - load.ok,
    upstreamCalls: stats.requests,
    upstream429s: stats.rateLimited,
    elapsedS: load.elapsedS,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
  };
}

function figures(outcome: BurstOutcome, limit: number, burstSize: number) {
  const achievedRate = outcome.elapsedS > 0 ? outcome.succeeded / outcome.elapsedS : 0;
  return {
    succeededPercent: round((100 * outcome.succeeded) / burstSize, 1),
    upstream429Percent: round((100 * outcome.upstream429s) / Math.max(1, outcome.upstreamCalls), 1),
    achievedRate: round(achievedRate, 1),
    achievedOfLimitPercent: round((100 * achievedRate) / limit, 1),
  };
}

function buildReport(outcomes: BurstOutcome[], limit: number, burstSize: number): ScenarioReport {
  const table: Table = {
    title: `rate-limit-burst: ${burstSize} requests at once, upstream limit ${limit} req/s`,
    columns: [
      'through',
      'succeeded %',
      'failed',
      'upstream calls',
      'upstream 429s',
      '429 % of calls',
      'elapsed s',
      'achieved req/s',
      '% of N',
      'p50 ms',
      'p99 ms',
    ],
    rows: outcomes.map((outcome) => {
      const derived = figures(outcome, limit, burstSize);
      return [
        outcome.label,
        derived.succeededPercent,
        outcome.failed,
        outcome.upstreamCalls,
        outcome.upstream429s,
        derived.upstream429Percent,
        outcome.elapsedS,
        derived.achievedRate,
        derived.achievedOfLimitPercent,
        outcome.p50Ms,
        outcome.p99Ms,
      ];
    }),
  };
  const sluice = outcomes[0];
  const derived = sluice === undefined ? undefined : figures(sluice, limit, burstSize);
  return {
    name: 'rate-limit-burst',
    summary: `autocannon, ${burstSize} connections with one request each, against a simulator allowing ${limit} req/s (fixed one-second window, 429 + Retry-After beyond it).`,
    tables: [table],
    targets:
      derived === undefined
        ? []
        : [
            check(
              'Sluice: 100% of the burst succeeds',
              derived.succeededPercent === 100,
              `${derived.succeededPercent}%`,
            ),
            check(
              'Sluice: upstream 429s ≤ 5% of upstream calls',
              derived.upstream429Percent <= 5,
              `${derived.upstream429Percent}%`,
            ),
            check(
              'Sluice: achieved rate ≥ 90% of N',
              derived.achievedOfLimitPercent >= 90,
              `${derived.achievedRate} req/s = ${derived.achievedOfLimitPercent}% of ${limit}`,
            ),
          ],
    notes: [
      'Achieved rate = successes / seconds from the first request sent to the last answer received.',
      `Sluice's retry.attempts counts every upstream call (${SLUICE_ATTEMPTS}); Portkey's retry.attempts counts retries after the first call (5), so both allow 6 calls per request.`,
    ],
  };
}
