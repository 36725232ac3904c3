/**
 * The traffic users have (issue "Fast at the sizes real traffic has"): agent-sized conversations, streamed answers,
 * time to first token, and the gateway's memory before and after — each beside its yardstick in the same run.
 *
 * - agent-sized: a 45 KB, 48-turn conversation at 16 connections — direct, Portkey, Sluice. Targets: Sluice ≥ 1.5×
 *   Portkey's req/s, and CPU per request (gateway + Redis) ≤ 0.67× Portkey's.
 * - streamed: a ~100-chunk answer at 16 connections — direct streamed, Sluice streamed, Sluice unstreamed (the same
 *   answer in one body). Target: a streamed answer costs ≤ 2.5× the CPU of the unstreamed one, with no errors.
 *   Portkey is not measured here: its 1.15.2 build answers every stream 500 on Node 20 (BENCHMARKS.md).
 * - time to first token: one connection, the upstream pacing 20 ms per chunk; Sluice's p50 over direct ≤ 2 ms.
 * - memory: Sluice's RSS when idle after start, right after all the load above (≥ 10,000 requests), and once it has
 *   had no traffic for 15 s; Portkey's at the same moments. The target is judged on the last: V8 gives a thread's
 *   young generation and promoted garbage back only once its memory reducer sees a low allocation rate (its first
 *   check is 8 s after a collection), which the streams of the time-to-first-token phase, just before the first
 *   reading, put off — a reading there catches each thread at a chance point of that cycle.
 *
 * Sluice runs as `npm start` runs it (embedded PGlite) on a Redis server of the scenario's own, so that Redis's CPU
 * is Sluice's alone even on a shared machine.
 */
import { startPrivateRedis } from '../test/helpers/private-redis';
import type { BenchOptions } from './support/bench-options';
import { directTarget, portkeyTarget, probeTarget, sluiceTarget } from './support/load-targets';
import type { Table } from './support/markdown-table';
import { type InterleavedMeasurement, measureInterleaved } from './support/measure-interleaved';
import { startPortkeyProcess } from './support/portkey-process';
import { profileSluiceUnderLoad } from './support/profile-sluice';
import { readRssMb } from './support/rss-sampler';
import { percentile } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { startSimulatorProcess } from './support/simulator-process';
import { sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const CONNECTIONS = 16;
const TTFT_CHUNK_DELAY_MS = 20;
/** How long the gateways go without traffic before the settled RSS reading: one memory-reducer cycle and its GCs. */
const SETTLE_MS = 15_000;

/** A coding agent's turn: 48 messages of tool-heavy history (~45 KB) and a short new question. */
export function agentConversationBody(): string {
  const file = Array.from({ length: 24 }, (_, line) => `export const value${line} = compute(${line}, 'x'.repeat(8));`);
  const messages: { role: string; content: string }[] = [
    { role: 'system', content: 'You are a coding agent. Use the tools to read and edit files.' },
  ];
  for (let turn = 0; messages.length < 48; turn += 1) {
    messages.push({
      role: 'user',
      content: `Step ${turn}: read src/module-${turn}.ts and fix the failing test.\n${file.join('\n')}`,
    });
    messages.push({
      role: 'assistant',
      content: `I read src/module-${turn}.ts; the bug is on line ${turn}.\n${file.slice(0, 8).join('\n')}`,
    });
  }
  messages.push({ role: 'user', content: 'Continue.' });
  return JSON.stringify({ model: 'gpt-4o-mini', messages });
}

/** A prompt the simulator echoes word by word: about 100 chunks. */
const HUNDRED_WORDS = Array.from({ length: 98 }, (_, index) => `word${index}`).join(' ');
const streamBody = (stream: boolean) =>
  JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: HUNDRED_WORDS }] });

export async function runAgentTrafficBench(options: BenchOptions): Promise<ScenarioReport> {
  const timing = options.quick ? { warmupS: 1, measureS: 3, rounds: 3 } : { warmupS: 2, measureS: 15, rounds: 5 };
  const ttftSamples = options.quick ? 30 : 200;
  const redis = await startPrivateRedis();
  const simulator = await startSimulatorProcess();
  const portkey = await startPortkeyProcess();
  const sluice = await startSluiceProcess({
    configYaml: sluiceConfigFor(simulator.url),
    env: { REDIS_URL: redis.url },
  }).catch(async (error: unknown) => {
    await Promise.allSettled([portkey.stop(), simulator.stop(), redis.dispose()]);
    throw error;
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const readRss = (): RssReading => ({
      sluiceMb: round(readRssMb(sluice.pid) ?? Number.NaN, 1),
      portkeyMb: round(readRssMb(portkey.process.pid) ?? Number.NaN, 1),
    });
    const idleRss = readRss();
    const sluicePids = () => [sluice.pid, ...(redis.pid === undefined ? [] : [redis.pid])];
    const agentBody = agentConversationBody();
    const direct = directTarget(simulator.url);
    const viaSluice = sluiceTarget(sluice.origin);
    const viaPortkey = portkeyTarget(portkey.origin, simulator.url);
    for (const target of [direct, viaSluice, viaPortkey]) await probeTarget(target, agentBody);

    const agent = await measureInterleaved(
      [
        { ...direct, body: agentBody, pids: () => [] },
        { ...viaPortkey, body: agentBody, pids: () => [portkey.process.pid] },
        { ...viaSluice, body: agentBody, pids: sluicePids },
      ],
      CONNECTIONS,
      timing,
    );
    const streams = await measureInterleaved(
      [
        { ...direct, name: 'direct, streamed', body: streamBody(true), pids: () => [] },
        { ...viaSluice, name: 'sluice, streamed', body: streamBody(true), pids: sluicePids },
        { ...viaSluice, name: 'sluice, unstreamed', body: streamBody(false), pids: sluicePids },
      ],
      CONNECTIONS,
      timing,
    );
    await simulator.configure({ chunkDelayMs: TTFT_CHUNK_DELAY_MS });
    const ttft = await measureTimeToFirstToken(
      [
        { name: 'direct', url: direct.url, headers: direct.headers },
        { name: 'sluice', url: viaSluice.url, headers: viaSluice.headers },
      ],
      ttftSamples,
    );
    await simulator.configure({ chunkDelayMs: 0 });
    const served = [...agent, ...streams].reduce((sum, measurement) => sum + measurement.load.ok, 0);
    const loadedRss = readRss();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settledRss = readRss();
    const profile = options.profile
      ? await profileSluiceUnderLoad(simulator.url, timing, { body: agentBody, connections: [CONNECTIONS] })
      : [];
    return buildReport(
      { agent, streams, ttft, idleRss, loadedRss, settledRss, served, timing, portkey: portkey.version },
      profile,
    );
  } finally {
    await Promise.allSettled([sluice.stop(), portkey.stop(), simulator.stop()]);
    await redis.dispose();
  }
}

interface TtftResult {
  name: string;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sequential streamed requests, alternating between the targets: the time from sending to the first chunk that
 * carries answer text (not merely the response headers).
 */
async function measureTimeToFirstToken(
  targets: { name: string; url: string; headers: Record<string, string> }[],
  samples: number,
): Promise<TtftResult[]> {
  const times = targets.map(() => [] as number[]);
  const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a b c d' }] });
  for (let sample = 0; sample < samples; sample += 1) {
    for (const [index, target] of targets.entries()) {
      const started = performance.now();
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...target.headers },
        body,
      });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      let first: number | undefined;
      for (;;) {
        const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) break;
        seen += decoder.decode(value, { stream: true });
        if (first === undefined && seen.includes('Echo')) first = performance.now() - started;
      }
      if (first === undefined) throw new Error(`${target.name} streamed no answer text: ${seen.slice(0, 300)}`);
      times[index]?.push(first);
    }
  }
  return targets.map((target, index) => {
    const sorted = [...(times[index] ?? [])].sort((a, b) => a - b);
    return { name: target.name, p50Ms: round(percentile(sorted, 0.5), 2), p99Ms: round(percentile(sorted, 0.99), 2) };
  });
}

/** VmRSS of both gateways read at one moment, in MB. */
interface RssReading {
  sluiceMb: number;
  portkeyMb: number;
}

interface Results {
  agent: InterleavedMeasurement[];
  streams: InterleavedMeasurement[];
  ttft: TtftResult[];
  idleRss: RssReading;
  loadedRss: RssReading;
  settledRss: RssReading;
  served: number;
  timing: { warmupS: number; measureS: number; rounds: number };
  portkey: string;
}

function named(measurements: InterleavedMeasurement[], name: string): InterleavedMeasurement {
  const found = measurements.find((measurement) => measurement.name === name);
  if (found === undefined) throw new Error(`no measurement named ${name}`);
  return found;
}

const totalCpu = (measurement: InterleavedMeasurement): number =>
  measurement.cpuMsPerRequest.reduce<number>((sum, ms) => sum + (ms ?? Number.NaN), 0);

function runsTable(title: string, measurements: InterleavedMeasurement[]): Table {
  return {
    title,
    columns: ['target', 'req/s', 'p50 ms', 'p99 ms', 'errors + non-2xx', 'CPU ms/req (gateway + redis)'],
    rows: measurements.map(({ name, load, cpuMsPerRequest }) => [
      name,
      load.okPerS,
      load.p50Ms,
      load.p99Ms,
      load.errors + load.non2xx,
      cpuMsPerRequest.length === 0 ? '–' : cpuMsPerRequest.map((ms) => ms ?? '–').join(' + '),
    ]),
  };
}

/** The report; `profile`: with --profile, where Sluice's CPU goes on agent-sized requests, thread by thread. */
function buildReport(results: Results, profile: Table[]): ScenarioReport {
  const { agent, streams, ttft } = results;
  const sluiceAgent = named(agent, 'sluice');
  const portkeyAgent = named(agent, 'portkey');
  const throughputRatio = round(sluiceAgent.load.okPerS / portkeyAgent.load.okPerS, 2);
  const cpuRatio = round(totalCpu(sluiceAgent) / totalCpu(portkeyAgent), 2);
  const streamed = named(streams, 'sluice, streamed');
  const unstreamed = named(streams, 'sluice, unstreamed');
  const streamCpuRatio = round(totalCpu(streamed) / totalCpu(unstreamed), 2);
  const streamFailures = streams.reduce((sum, { load }) => sum + load.errors + load.non2xx, 0);
  const ttftDirect = ttft.find((entry) => entry.name === 'direct');
  const ttftSluice = ttft.find((entry) => entry.name === 'sluice');
  const ttftAdded = round((ttftSluice?.p50Ms ?? Number.NaN) - (ttftDirect?.p50Ms ?? Number.NaN), 2);
  return {
    name: 'agent-traffic',
    summary: `autocannon at ${CONNECTIONS} connections, ${results.timing.warmupS} s warm-up per target, then ${results.timing.measureS} s per target in ${results.timing.rounds} rotating rounds, zero-latency OpenAI simulator; Portkey gateway ${results.portkey} (headless); Sluice as \`npm start\` runs it (embedded PGlite) on a Redis server of its own.`,
    tables: [
      runsTable('agent-traffic: 45 KB conversations (48 turns)', agent),
      runsTable('agent-traffic: ~100-chunk answers', streams),
      {
        title: 'agent-traffic: time to first token (1 connection, upstream 20 ms per chunk)',
        columns: ['target', 'p50 ms', 'p99 ms'],
        rows: ttft.map((entry) => [entry.name, entry.p50Ms, entry.p99Ms]),
      },
      {
        title: 'agent-traffic: memory',
        columns: ['when', 'Sluice RSS MB', 'Portkey RSS MB'],
        rows: [
          ['idle, 10 s after start', results.idleRss.sluiceMb, results.idleRss.portkeyMb],
          [
            `right after ${results.served.toLocaleString('en-US')} requests`,
            results.loadedRss.sluiceMb,
            results.loadedRss.portkeyMb,
          ],
          [`${SETTLE_MS / 1000} s later, no traffic`, results.settledRss.sluiceMb, results.settledRss.portkeyMb],
        ],
      },
      ...profile,
    ],
    targets: [
      check('agent-sized: Sluice ≥ 1.5× Portkey req/s', throughputRatio >= 1.5, `${throughputRatio}×`),
      check('agent-sized: CPU/request (gateway + Redis) ≤ 0.67× Portkey', cpuRatio <= 0.67, `${cpuRatio}×`),
      check('streamed: CPU ≤ 2.5× the same answer unstreamed', streamCpuRatio <= 2.5, `${streamCpuRatio}×`),
      check('streamed: no errors or non-2xx', streamFailures === 0, `${streamFailures} failed`),
      check('time to first token: ≤ +2 ms p50 over direct', ttftAdded <= 2, `+${ttftAdded} ms`),
      check('idle RSS ≤ 300 MB', results.idleRss.sluiceMb <= 300, `${results.idleRss.sluiceMb} MB`),
      check(
        `RSS ${SETTLE_MS / 1000} s after ≥ 10,000 requests ≤ 400 MB`,
        results.served >= 10_000 && results.settledRss.sluiceMb <= 400,
        `${results.settledRss.sluiceMb} MB after ${results.served} (${results.loadedRss.sluiceMb} MB right after)`,
      ),
    ],
    notes: [
      "CPU ms/req: user+system time during the target's slices, per 2xx response: the gateway process, then (Sluice only) its Redis server.",
      "Portkey 1.15.2 answers streamed requests 500 on Node 20 (an immutable-headers error inside its build), so streams are compared with direct and with Sluice's own unstreamed answer.",
    ],
  };
}
