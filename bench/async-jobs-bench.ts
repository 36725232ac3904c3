/**
 * Async jobs and batches (SPEC §4.2, §4.3): how many `POST /v1/jobs` an ingress accepts per second with keep-alive
 * (target ≥ 5,000/s), and a 10,000-line batch end to end — upload, validation, lines at batch priority through the
 * workers, output file — against a zero-latency simulator: lines per second and the gateway's peak RSS.
 */

import { once } from 'node:events';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAT_BODY } from './support/bench-options';
import { directTarget } from './support/load-targets';
import { readRssMb, startRssSampler } from './support/rss-sampler';
import { combineLoads, type LoadResult, runLoad } from './support/run-load';
import { round } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const BATCH_LINES = 10_000;
const JOB_BODY = JSON.stringify({
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in one word.' }], max_tokens: 16 },
  priority: 'low',
});

export async function runAsyncJobsBench(): Promise<Record<string, number>> {
  const simulator = await startSimulatorProcess();
  try {
    const submissions = await measureSubmissions(simulator, [1, 2]);
    const batch = await measureBatch(simulator);
    return { ...submissions, ...batch };
  } finally {
    await simulator.stop();
  }
}

/** Seconds of load per contender, taken in rotating slices so that the machine's slow moments fall on each alike. */
const SUBMISSION_ROUNDS = 4;
const SUBMISSION_SLICE_S = 2.5;

interface Contender {
  url: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * The ingress alone (no worker drains the queue): acceptance is all that is measured, with 64 keep-alive connections.
 * One Sluice per entry of `processCounts` (SLUICE_INGRESS_PROCESSES; 2 is one per core here), all started first,
 * then measured in rounds, each round a slice per contender in a rotated order. The simulator answering chat
 * completions directly is measured in the same rounds as the machine's speed at the time: this shared machine's
 * speed drifts by a third within an hour, so figures from different runs compare only through it.
 */
async function measureSubmissions(
  simulator: SimulatorProcess,
  processCounts: number[],
): Promise<Record<string, number>> {
  const started: SluiceProcess[] = [];
  try {
    for (const processes of processCounts) {
      started.push(
        await startSluiceProcess({
          configYaml: sluiceConfigFor(simulator.url),
          env: { SLUICE_SERVICES: 'ingress', SLUICE_INGRESS_PROCESSES: String(processes) },
          database: 'postgres',
        }),
      );
    }
    const direct = directTarget(simulator.url);
    const contenders: Contender[] = [
      ...started.map((sluice) => ({ url: `${sluice.origin}/v1/jobs`, body: JOB_BODY })),
      { url: direct.url, body: CHAT_BODY, headers: direct.headers },
    ];
    const load = (contender: Contender, durationS: number) => runLoad({ ...contender, connections: 64, durationS });
    for (const contender of contenders) await load(contender, 2);
    const slices: LoadResult[][] = contenders.map(() => []);
    for (let round = 0; round < SUBMISSION_ROUNDS; round += 1) {
      for (let offset = 0; offset < contenders.length; offset += 1) {
        const index = (round + offset) % contenders.length;
        slices[index]?.push(await load(contenders[index] as Contender, SUBMISSION_SLICE_S));
      }
    }
    const directPerS = combineLoads(slices[contenders.length - 1] ?? []).okPerS;
    return {
      ...Object.fromEntries(
        processCounts.flatMap((processes, index) => {
          const combined = combineLoads(slices[index] ?? []);
          const suffix = processes === 1 ? '' : `_${processes}_ingress_processes`;
          return [
            [`job_submissions_per_s${suffix}`, round(combined.okPerS, 0)],
            [`job_submission_p50_ms${suffix}`, combined.p50Ms],
            [`job_submission_p99_ms${suffix}`, combined.p99Ms],
            [`job_submission_errors${suffix}`, combined.non2xx + combined.errors + combined.timeouts],
            [`job_submissions_per_direct_chat_completion${suffix}`, round(combined.okPerS / directPerS, 2)],
          ];
        }),
      ),
      direct_chat_completions_per_s: round(directPerS, 0),
    };
  } finally {
    for (const sluice of started) await sluice.stop();
  }
}

/** The all-in-one process as `npm start` runs it (embedded PGlite), one 10,000-line batch from upload to output file. */
async function measureBatch(simulator: SimulatorProcess): Promise<Record<string, number>> {
  const directory = await mkdtemp(join(tmpdir(), 'sluice-batch-bench-'));
  const sluice = await startSluiceProcess({ configYaml: sluiceConfigFor(simulator.url) });
  try {
    const input = join(directory, 'batch.jsonl');
    await writeBatchFile(input, BATCH_LINES);
    const idleRssMb = readRssMb(sluice.pid) ?? 0;
    const sampler = startRssSampler(sluice.pid, 50);
    const started = performance.now();
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', await openAsBlob(input), 'batch.jsonl');
    const file = (await (await fetch(`${sluice.origin}/v1/files`, { method: 'POST', body: form })).json()) as {
      id: string;
    };
    const created = await postJson(`${sluice.origin}/v1/batches`, {
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const batch = await waitForBatch(`${sluice.origin}/v1/batches/${created.id}`);
    const seconds = (performance.now() - started) / 1000;
    const rss = sampler.stop();
    const outputLines = await countLines(`${sluice.origin}/v1/files/${batch.output_file_id}/content`);
    if (batch.status !== 'completed' || outputLines !== BATCH_LINES)
      throw new Error(`batch ended ${batch.status} with ${outputLines} output lines`);
    return {
      batch_lines: BATCH_LINES,
      batch_seconds: round(seconds, 2),
      batch_lines_per_s: round(BATCH_LINES / seconds, 0),
      batch_idle_rss_mb: round(idleRssMb, 0),
      batch_peak_rss_mb: round(rss.peakMb, 0),
    };
  } finally {
    await sluice.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

async function writeBatchFile(path: string, lines: number): Promise<void> {
  const out = createWriteStream(path);
  for (let index = 0; index < lines; index += 1) {
    const line = JSON.stringify({
      custom_id: `line-${index}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Question number ${index}?` }],
        max_tokens: 16,
      },
    });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function postJson(url: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function waitForBatch(url: string): Promise<{ status: string; output_file_id: string | null }> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const batch = (await (await fetch(url)).json()) as { status: string; output_file_id: string | null };
    if (['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) return batch;
    if (Date.now() > deadline) throw new Error(`the batch is still ${batch.status} after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function countLines(url: string): Promise<number> {
  const response = await fetch(url);
  let lines = 0;
  for await (const chunk of response.body ?? []) {
    for (const byte of chunk as Uint8Array) if (byte === 10) lines += 1;
  }
  return lines;
}
