/**
 * The component benchmarks other parts of Sluice provide, each a file under bench/ exporting a function that
 * returns flat figures. A file that is not there yet is skipped with a note.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { reportFromFigures, type ScenarioReport } from './support/scenario-report';

interface ExternalBench {
  name: string;
  file: string;
  exportName: string;
  summary: string;
  /** Minutes long: left out of --quick runs unless named by --only. */
  slow: boolean;
}

export const EXTERNAL_BENCHES: ExternalBench[] = [
  {
    name: 'exact-cache-hit',
    file: 'cache-hit-bench.ts',
    exportName: 'runCacheHitBench',
    summary: 'Exact cache hit overhead at one connection (bench/cache-hit-bench.ts).',
    slow: false,
  },
  {
    name: 'vector-index',
    file: 'vector-index-bench.ts',
    exportName: 'runVectorIndexBench',
    summary: 'The embedded vector index (bench/vector-index-bench.ts).',
    slow: true,
  },
  {
    name: 'request-log',
    file: 'request-log-bench.ts',
    exportName: 'runRequestLogBench',
    summary: 'Request-log inserts on PostgreSQL and PGlite (bench/request-log-bench.ts).',
    slow: true,
  },
  {
    name: 'request-log-body-search',
    file: 'body-search-index-bench.ts',
    exportName: 'runBodySearchIndexBench',
    summary:
      'The write cost of the body-words search index on agent traffic: 45 KB bodies, batches of 100, one writer, with and without the index in one run (bench/body-search-index-bench.ts).',
    slow: true,
  },
  {
    name: 'observability',
    file: 'observability-bench.ts',
    exportName: 'runObservabilityBench',
    summary: 'Logs, analytics and metrics (bench/observability-bench.ts).',
    slow: true,
  },
  {
    name: 'async-jobs',
    file: 'async-jobs-bench.ts',
    exportName: 'runAsyncJobsBench',
    summary:
      'Asynchronous jobs (bench/async-jobs-bench.ts): `POST /v1/jobs` to the ingress alone on PostgreSQL with 1 and with 2 ingress processes, 64 keep-alive connections, 2 s warm-up each, then 10 s each in 4 rotating rounds, with the simulator answering chat completions directly in the same rounds as the machine’s speed at the time; then a 10,000-line batch through the all-in-one process (PGlite) against a zero-latency simulator.',
    slow: true,
  },
];

const FiguresSchema = z.record(z.string(), z.union([z.number(), z.string()]));

function skipped(bench: ExternalBench, reason: string): ScenarioReport {
  return { name: bench.name, summary: bench.summary, tables: [], targets: [], notes: [], skipped: reason };
}

export async function runExternalBench(bench: ExternalBench): Promise<ScenarioReport> {
  const path = fileURLToPath(new URL(`./${bench.file}`, import.meta.url));
  if (!existsSync(path)) return skipped(bench, `bench/${bench.file} does not exist yet.`);
  const module: Record<string, unknown> = await import(pathToFileURL(path).href);
  const run = module[bench.exportName];
  if (typeof run !== 'function') return skipped(bench, `bench/${bench.file} does not export ${bench.exportName}().`);
  const figures = FiguresSchema.parse(await run());
  return reportFromFigures(bench.name, bench.summary, figures);
}
