/**
 * Media uploads: 20 transcriptions of a 20 MB WAV file at once, sent by the official `openai` client with the file
 * read from disk (`fs.createReadStream`). Target: the ingress stays under 300 MB RSS (VmRSS sampled every 100 ms),
 * since each upload is streamed into Redis piece by piece rather than held whole (docs/http-api.md). Measured with the
 * ingress in a process of its own (the worker, which reads the files back, in another), and as `npm start` runs it.
 * Every transcript names the byte count the simulator received, so a file cut short would fail the run.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import type { BenchOptions } from './support/bench-options';
import { readRssMb, startRssSampler } from './support/rss-sampler';
import { check, round, type ScenarioReport } from './support/scenario-report';
import { type SimulatorProcess, startSimulatorProcess } from './support/simulator-process';
import { type SluiceProcess, sluiceConfigFor, startSluiceProcess } from './support/sluice-process';

const UPLOADS = 20;
const FILE_BYTES = 20 * 1024 * 1024;
const RSS_LIMIT_MB = 300;
const SPLIT_TARGET = 'sluice ingress (split services)';
const ALL_IN_ONE_TARGET = 'sluice (all-in-one, npm start)';

interface Burst {
  target: string;
  ok: number;
  elapsedS: number;
  idleRssMb: number;
  peakRssMb: number;
  blobsLeft: number;
}

export async function runMediaUploadMemoryBench(_options: BenchOptions): Promise<ScenarioReport> {
  const folder = await mkdtemp(join(tmpdir(), 'sluice-media-bench-'));
  let simulator: SimulatorProcess | undefined;
  try {
    const file = join(folder, 'meeting.wav');
    await writeFile(file, wavFile(FILE_BYTES));
    simulator = await startSimulatorProcess();
    const bursts = [await throughSplitServices(simulator, file), await throughAllInOne(simulator, file)];
    return buildReport(bursts);
  } finally {
    await simulator?.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

async function throughSplitServices(simulator: SimulatorProcess, file: string): Promise<Burst> {
  const configYaml = sluiceConfigFor(simulator.url, { providerLines: ['timeout_ms: 120000'] });
  const ingress = await startSluiceProcess({ configYaml, database: 'postgres', env: { SLUICE_SERVICES: 'ingress' } });
  const others = await startSluiceProcess({
    configYaml,
    joinDeployment: { prefix: ingress.deployment.prefix, databaseUrl: ingress.deployment.databaseUrl ?? '' },
    env: {
      SLUICE_SERVICES: 'worker,logger,cache,webhooks',
      SLUICE_WORKER_CONCURRENCY: String(UPLOADS),
      LOG_LEVEL: 'info',
    },
  });
  try {
    return await burst(ingress, file, SPLIT_TARGET);
  } finally {
    await others.stop();
    await ingress.stop();
  }
}

async function throughAllInOne(simulator: SimulatorProcess, file: string): Promise<Burst> {
  const sluice = await startSluiceProcess({
    configYaml: sluiceConfigFor(simulator.url, { providerLines: ['timeout_ms: 120000'] }),
    env: { SLUICE_WORKER_CONCURRENCY: String(UPLOADS) },
  });
  try {
    return await burst(sluice, file, ALL_IN_ONE_TARGET);
  } finally {
    await sluice.stop();
  }
}

async function burst(sluice: SluiceProcess, file: string, target: string): Promise<Burst> {
  const client = new OpenAI({ baseURL: `${sluice.origin}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 180_000 });
  const transcribe = () =>
    client.audio.transcriptions.create({ model: 'whisper-1', file: createReadStream(file), response_format: 'json' });
  await transcribe();
  const idleRssMb = readRssMb(sluice.pid) ?? Number.NaN;
  const sampler = startRssSampler(sluice.pid, 100);
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: UPLOADS }, transcribe));
  const elapsedS = round((performance.now() - started) / 1000, 2);
  const { peakMb } = sampler.stop();
  const expected = `Transcript of meeting.wav (${FILE_BYTES} bytes)`;
  const ok = results.filter((result) => result.status === 'fulfilled' && result.value.text === expected).length;
  for (const result of results)
    if (result.status === 'rejected') process.stderr.write(`  media-upload-memory: ${String(result.reason)}\n`);
  const blobsLeft = await countBlobs(sluice.deployment.prefix);
  process.stdout.write(
    `  media-upload-memory: ${target}: ${ok}/${UPLOADS} ok in ${elapsedS} s, peak RSS ${round(peakMb, 1)} MB\n`,
  );
  return { target, ok, elapsedS, idleRssMb: round(idleRssMb, 1), peakRssMb: round(peakMb, 1), blobsLeft };
}

/** Media blobs still in Redis once every request has been answered (each is deleted as its response ends). */
async function countBlobs(prefix: string): Promise<number> {
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return (await redis.keys(`${prefix}:media:*`)).length;
  } finally {
    redis.disconnect();
  }
}

/** A mono 16 kHz 16-bit PCM WAV file of `bytes` bytes in all. */
function wavFile(bytes: number): Buffer {
  const file = Buffer.alloc(bytes);
  const dataBytes = bytes - 44;
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(bytes - 8, 4);
  file.write('WAVEfmt ', 8, 'ascii');
  file.writeUInt32LE(16, 16);
  file.writeUInt16LE(1, 20);
  file.writeUInt16LE(1, 22);
  file.writeUInt32LE(16_000, 24);
  file.writeUInt32LE(32_000, 28);
  file.writeUInt16LE(2, 32);
  file.writeUInt16LE(16, 34);
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(dataBytes, 40);
  for (let index = 44; index < bytes; index += 1) file[index] = (index * 31) & 0xff;
  return file;
}

function buildReport(bursts: Burst[]): ScenarioReport {
  const split = bursts.find((entry) => entry.target === SPLIT_TARGET);
  const allInOne = bursts.find((entry) => entry.target === ALL_IN_ONE_TARGET);
  return {
    name: 'media-upload-memory',
    summary: `${UPLOADS} concurrent transcriptions of a ${FILE_BYTES / 1024 / 1024} MiB WAV file read from disk by the openai client (fs.createReadStream), through Sluice to the simulator.`,
    tables: [
      {
        title: 'media-upload-memory: uploads',
        columns: ['target', 'ok', 'elapsed s', 'RSS before MB', 'peak RSS MB', 'media blobs left in Redis'],
        rows: bursts.map((entry) => [
          entry.target,
          `${entry.ok}/${UPLOADS}`,
          entry.elapsedS,
          entry.idleRssMb,
          entry.peakRssMb,
          entry.blobsLeft,
        ]),
      },
    ],
    targets: [
      check(`all ${UPLOADS} transcriptions succeed, whole`, split?.ok === UPLOADS, `${split?.ok}/${UPLOADS}`),
      check(
        `ingress peak RSS < ${RSS_LIMIT_MB} MB during ${UPLOADS} concurrent 20 MB uploads`,
        (split?.peakRssMb ?? Number.NaN) < RSS_LIMIT_MB,
        `${split?.peakRssMb} MB`,
      ),
      check(
        'no media blob outlives its request',
        (split?.blobsLeft ?? 1) + (allInOne?.blobsLeft ?? 1) === 0,
        `${split?.blobsLeft} and ${allInOne?.blobsLeft} left`,
      ),
    ],
    notes: [
      'The target is judged on the ingress in its own process (SLUICE_SERVICES=ingress, PostgreSQL), where the uploads are read; the all-in-one row also holds the worker reading the files back out of Redis into the upstream request.',
      'RSS is VmRSS in MB (10^6 bytes), sampled every 100 ms during the burst.',
    ],
  };
}
