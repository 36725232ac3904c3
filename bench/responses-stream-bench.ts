/**
 * Responses streaming CPU (docs/responses-api.md): the same streamed answer from a zero-latency OpenAI simulator,
 * asked for as chat completions (`POST /v1/chat/completions`, chunks relayed as they came) and as the Responses API
 * (`POST /v1/responses`) twice — from an account without Responses (translated: sent as chat completions, chunks
 * re-encoded as typed events) and from one with `responses: native` (events relayed as they came) — through one
 * Sluice process as `npm start` runs it, measured in rotating rounds. Target: a streamed Responses answer costs the
 * gateway no more CPU per request than the same answer streamed as chat completions (≤ 1.00×, for both accounts;
 * under load one run spreads ±10 %). Each slice's meter runs on after its load until the process is idle, so the
 * request log's backlog is billed to the slice that left it. Each kind is then also measured at one fixed rate, the
 * same for all (half the slowest kind's rate above): the request log's batches and the process's idle work cost less
 * per request the more requests share them, so kinds answered at different rates differ in CPU per request by that
 * alone. With --profile, a second Sluice process under --cpu-prof shows per thread where each kind's CPU per request
 * goes, side by side.
 */
import type { BenchOptions } from './support/bench-options';
import { startCpuMeter } from './support/cpu-usage';
import type { Cell, Table } from './support/markdown-table';
import { untilIdle } from './support/measure-interleaved';
import { profileVariantsUnderLoad } from './support/profile-variants';
import { combineLoads, type LoadResult, runLoad } from './support/run-load';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';
import { measureStreamWriterCost } from './support/stream-writer-cost';

const PROMPT = 'Stream a sentence of about twenty words back to me, word by word, please, so that it has many chunks.';
const CONNECTIONS = 16;
/** The model name the bench's config routes to an account with `responses: native` on the same simulator. */
const NATIVE_MODEL = 'gpt-4o-mini-native';

interface Variant {
  name: string;
  path: string;
  body: string;
}

const VARIANTS: Variant[] = [
  {
    name: 'chat completions, streamed',
    path: '/v1/chat/completions',
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: PROMPT }] }),
  },
  {
    name: 'responses, streamed, translated',
    path: '/v1/responses',
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, store: false, input: PROMPT }),
  },
  {
    name: 'responses, streamed, native account',
    path: '/v1/responses',
    body: JSON.stringify({ model: NATIVE_MODEL, stream: true, store: false, input: PROMPT }),
  },
];

/** The simulator as two accounts: one serving chat completions only (the default), one serving Responses natively. */
function benchConfig(simulatorUrl: string): string {
  return sluiceConfigFor(simulatorUrl, {
    extraYaml: [
      '  openai-native:',
      '    type: openai',
      `    base_url: ${simulatorUrl}`,
      '    api_key: sk-bench-provider-key',
      '    responses: native',
      'configs:',
      '  default:',
      '    targets: [{ provider: openai, model: gpt-4o-mini }]',
      '  native:',
      '    targets: [{ provider: openai-native, model: gpt-4o-mini }]',
      'default_config: default',
      `models: { ${NATIVE_MODEL}: native }`,
    ].join('\n'),
  });
}

export async function runResponsesStreamBench(options: BenchOptions): Promise<ScenarioReport> {
  const timing = options.quick ? { warmupS: 1, measureS: 4, rounds: 2 } : { warmupS: 3, measureS: 20, rounds: 4 };
  let simulator: SimulatorProcess | undefined;
  let sluice: SluiceProcess | undefined;
  try {
    simulator = await startSimulatorProcess();
    sluice = await startSluiceProcess({ configYaml: benchConfig(simulator.url) });
    const origin = sluice.origin;
    const load = (variant: Variant, durationS: number, overallRate?: number) =>
      runLoad({
        url: `${origin}${variant.path}`,
        headers: { authorization: 'Bearer sk-bench-client' },
        body: variant.body,
        connections: CONNECTIONS,
        durationS,
        timeoutS: 10,
        ...(overallRate === undefined ? {} : { overallRate }),
      });
    for (const variant of VARIANTS) await load(variant, timing.warmupS);
    const rows = await measureRounds(sluice.pid, timing.rounds, (variant) =>
      load(variant, timing.measureS / timing.rounds),
    );
    const [chat, translated, native] = rows as [Row, Row, Row];
    const rate = Math.max(1, Math.round(0.5 * Math.min(...rows.map((row) => row.combined.okPerS))));
    const equalRows = await measureRounds(sluice.pid, 2, (variant) => load(variant, timing.measureS / 4, rate));
    const [equalChat, equalTranslated, equalNative] = equalRows as [Row, Row, Row];
    const writers = measureStreamWriterCost(PROMPT);
    await sluice.stop();
    const profile = options.profile
      ? await profileVariantsUnderLoad(benchConfig(simulator.url), VARIANTS, {
          connections: CONNECTIONS,
          warmupS: timing.warmupS,
          measureS: timing.measureS / 2,
          headers: { authorization: 'Bearer sk-bench-client' },
        })
      : [];
    const ratio = round(translated.cpuPerRequest / chat.cpuPerRequest, 3);
    const nativeRatio = round(native.cpuPerRequest / chat.cpuPerRequest, 3);
    const equalRatio = round(equalTranslated.cpuPerRequest / equalChat.cpuPerRequest, 3);
    const equalNativeRatio = round(equalNative.cpuPerRequest / equalChat.cpuPerRequest, 3);
    const failures = [...rows, ...equalRows].reduce((sum, row) => sum + row.combined.errors + row.combined.non2xx, 0);
    const table: Table = {
      title: 'responses-stream: runs',
      columns: ['request', 'req/s', 'p50 ms', 'p99 ms', 'gateway CPU ms/req', 'errors + non-2xx'],
      rows: rows.map(runCells),
    };
    return {
      name: 'responses-stream',
      summary: `autocannon at ${CONNECTIONS} connections, ${timing.warmupS} s warm-up per request kind, then ${timing.measureS} s each in ${timing.rounds} rotating rounds; the same prompt streamed from a zero-latency OpenAI simulator (one chunk per word), as chat and as Responses from an account without Responses (translated) and from one with responses: native, through the all-in-one Sluice process (embedded PGlite).`,
      tables: [
        table,
        {
          title: `responses-stream: both kinds at one fixed rate (${rate} req/s)`,
          columns: ['request', 'req/s', 'p50 ms', 'p99 ms', 'gateway CPU ms/req', 'errors + non-2xx'],
          rows: equalRows.map(runCells),
        },
        {
          title: 'responses-stream: ratio',
          columns: ['ratio', 'value'],
          rows: [
            ['CPU ms/req: responses translated / chat', ratio],
            ['CPU ms/req: responses from a native account / chat', nativeRatio],
            [`CPU ms/req at one fixed rate (${rate} req/s): responses translated / chat`, equalRatio],
            [`CPU ms/req at one fixed rate (${rate} req/s): responses from a native account / chat`, equalNativeRatio],
          ],
        },
        {
          title: 'responses-stream: the ingress writer alone, in process',
          columns: ['writer', 'CPU µs per answer', 'bytes per answer'],
          rows: [
            ['chat completions (chunks relayed)', round(writers.chatUs, 2), writers.chatBytes],
            [
              'responses (typed events), chunks as the worker relays them',
              round(writers.responsesUs, 2),
              writers.responsesBytes,
            ],
            ['responses (typed events), every chunk whole', round(writers.wholeChunksUs, 2), writers.responsesBytes],
          ],
        },
        ...profile,
      ],
      targets: [
        check(
          'a streamed Responses answer, translated, costs no more CPU than the same answer as chat',
          ratio <= 1,
          `${ratio}×`,
        ),
        check(
          'a streamed Responses answer from a native account costs no more CPU than the same answer as chat',
          nativeRatio <= 1,
          `${nativeRatio}×`,
        ),
        check('no errors or non-2xx', failures === 0, `${failures} failed`),
      ],
      notes: [
        'CPU ms/req: user+system time of the Sluice process (all its threads) during the slice and after it until idle, per 2xx response.',
        'At one fixed rate: both kinds offered the same requests per second (autocannon overallRate), two rotating rounds each, so that the request log’s batches and the idle work are shared by as many requests in both.',
        'The writer alone: the same answer’s chunks through the ingress’s chat and Responses stream writers in the bench process (bench/support/stream-writer-cost.ts), alternating batches; no scheduling noise, no I/O.',
        ...(options.profile
          ? [
              'CPU per request (with --profile): a second Sluice process under --cpu-prof, each kind loaded in turn twice (bench/support/profile-variants.ts), a sample counting at most the sampling interval (time a thread waited preempted or in a system call is not billed); the profiler slows it, so compare kinds within a table, not with the runs above.',
            ]
          : []),
      ],
    };
  } finally {
    await Promise.allSettled([sluice?.stop(), simulator?.stop()]);
  }
}

interface Row {
  variant: Variant;
  combined: LoadResult;
  cpuPerRequest: number;
}

/** A row of the runs tables: the kind, its rate and latency, its CPU per request and its failures. */
function runCells(row: Row): Cell[] {
  const { combined } = row;
  return [
    row.variant.name,
    combined.okPerS,
    combined.p50Ms,
    combined.p99Ms,
    row.cpuPerRequest,
    combined.errors + combined.non2xx,
  ];
}

/** Each kind loaded in turn, `rounds` times, the order rotating; the process's CPU per 2xx response of each. */
async function measureRounds(
  pid: number,
  rounds: number,
  load: (variant: Variant) => Promise<LoadResult>,
): Promise<Row[]> {
  const slices = VARIANTS.map(() => ({ loads: [] as LoadResult[], cpuMs: 0 }));
  for (let pass = 0; pass < rounds; pass += 1) {
    for (let offset = 0; offset < VARIANTS.length; offset += 1) {
      const index = (pass + offset) % VARIANTS.length;
      const meter = startCpuMeter([pid]);
      const result = await load(VARIANTS[index] as Variant);
      await untilIdle([pid]);
      const slice = slices[index] as (typeof slices)[number];
      slice.cpuMs += meter.stop()[0] ?? 0;
      slice.loads.push(result);
    }
  }
  return VARIANTS.map((variant, index) => {
    const slice = slices[index] as (typeof slices)[number];
    const combined = combineLoads(slice.loads);
    const cpuPerRequest = combined.ok === 0 ? Number.NaN : round(slice.cpuMs / combined.ok, 3);
    process.stdout.write(
      `  responses-stream: ${variant.name}: ${combined.okPerS} req/s, ${cpuPerRequest} CPU ms/req\n`,
    );
    return { variant, combined, cpuPerRequest };
  });
}
