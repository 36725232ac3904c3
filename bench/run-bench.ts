/**
 * `npm run bench [-- --only <name>[,<name>…]] [--quick] [--profile | --no-profile]`: runs the benchmark scenarios
 * in order, prints their tables, and (except with --quick) appends a dated section to BENCHMARKS.md. Every process
 * a scenario starts is stopped by PID at the end, even after a failure or an interrupt.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAgentTrafficBench } from './agent-traffic-bench';
import { EXTERNAL_BENCHES, runExternalBench } from './external-benches';
import { runGatewayOverheadBench } from './gateway-overhead-bench';
import { runMediaUploadMemoryBench } from './media-upload-memory-bench';
import { runRateLimitBurstBench } from './rate-limit-burst-bench';
import { runRedisClusterBench } from './redis-cluster-bench';
import { runRequestLogScaleBench } from './request-log-scale-bench';
import { runResponsesStreamBench } from './responses-stream-bench';
import { runSlowUpstreamConcurrencyBench } from './slow-upstream-concurrency-bench';
import type { BenchOptions } from './support/bench-options';
import { appendToBenchmarksFile, renderReport, renderSection } from './support/benchmarks-file';
import { runCleanups } from './support/cleanup-registry';
import { machineDescription } from './support/machine-info';
import { killAllProcessesNow, stopAllProcesses } from './support/managed-process';
import type { ScenarioReport } from './support/scenario-report';

const BENCHMARKS_FILE = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

interface Scenario {
  name: string;
  run(options: BenchOptions): Promise<ScenarioReport>;
  /** Minutes long and without a short mode: left out of --quick runs unless named by --only. */
  slow?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'gateway-overhead', run: runGatewayOverheadBench },
  { name: 'slow-upstream-concurrency', run: runSlowUpstreamConcurrencyBench },
  { name: 'rate-limit-burst', run: runRateLimitBurstBench },
  { name: 'responses-stream', run: runResponsesStreamBench },
  { name: 'agent-traffic', run: runAgentTrafficBench },
  { name: 'media-upload-memory', run: runMediaUploadMemoryBench },
  ...EXTERNAL_BENCHES.map((bench) => ({ name: bench.name, run: () => runExternalBench(bench), slow: bench.slow })),
  { name: 'request-log-scale', run: runRequestLogScaleBench, slow: true },
  { name: 'redis-cluster', run: runRedisClusterBench, slow: true },
];

function readOptions(argv: string[]): { options: BenchOptions; only: string[] | undefined } {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-profile': { type: 'boolean', default: false },
    },
  });
  const only = values.only
    ?.flatMap((names) => names.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = (only ?? []).filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown scenario ${unknown.join(', ')}; choose from: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`,
    );
  }
  return {
    options: { quick: values.quick, profile: values.profile || (!values.quick && !values['no-profile']) },
    only,
  };
}

async function runScenario(scenario: Scenario, options: BenchOptions): Promise<ScenarioReport> {
  process.stdout.write(`\n▶ ${scenario.name}\n`);
  const started = performance.now();
  try {
    const report = await scenario.run(options);
    process.stdout.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return report;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`  ${scenario.name} failed: ${reason}\n`);
    return {
      name: scenario.name,
      summary: 'The scenario failed.',
      tables: [],
      targets: [],
      notes: [],
      skipped: `failed: ${reason.slice(0, 500)}`,
    };
  } finally {
    await runCleanups();
    await stopAllProcesses();
  }
}

/**
 * First signal: kill every process this run started (by PID), then remove what they left (Redis keys, scratch
 * databases, temporary directories) for up to 15 s, and exit. A second signal exits at once.
 */
function stopOnSignals(): void {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write(`bench: interrupted by ${signal}; killing its processes and cleaning up\n`);
    killAllProcessesNow();
    void Promise.race([runCleanups(), new Promise((resolve) => setTimeout(resolve, 15_000))]).then(() =>
      process.exit(130),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { options, only } = readOptions(argv);
  stopOnSignals();
  const startedAt = new Date();
  const machine = machineDescription();
  process.stdout.write(`bench: ${machine}\n`);
  const reports: ScenarioReport[] = [];
  for (const scenario of SCENARIOS.filter((entry) => only === undefined || only.includes(entry.name))) {
    if (options.quick && scenario.slow && only === undefined) {
      reports.push({
        name: scenario.name,
        summary: 'A component benchmark.',
        tables: [],
        targets: [],
        notes: [],
        skipped: 'left out of --quick runs (name it with --only to run it).',
      });
      continue;
    }
    reports.push(await runScenario(scenario, options));
  }
  process.stdout.write(`\n${reports.map(renderReport).join('\n\n')}\n`);
  if (options.quick) {
    process.stdout.write('\n--quick: a smoke run; not recorded in BENCHMARKS.md\n');
  } else {
    const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
    await appendToBenchmarksFile(BENCHMARKS_FILE, renderSection({ startedAt, command, machine, reports }));
    process.stdout.write(`\nappended to ${BENCHMARKS_FILE}\n`);
  }
  if (reports.some((report) => report.skipped?.startsWith('failed:'))) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAllProcesses());
