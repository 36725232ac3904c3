/**
 * The embedded vector index at scale: 100,000 records × 1,536 dimensions (the size of
 * text-embedding-3-small vectors) in one scope, built through the public VectorStore API.
 * Reports lookup latency (p50/p95/p99 over 1,000 searches for a stored record's direction plus
 * noise), recall@1 of those searches, build time, snapshot write and load times, and RSS.
 * Also 20,000 records spread over 1,000 scopes (the long tail of small, exactly searched scopes).
 *
 * The lead's runner calls runVectorIndexBench(); alone: node --import tsx bench/vector-index-bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEmbeddedVectorStore, type VectorRecord, type VectorStore } from '@sluice/vector-store';
import { seededRandom as random } from '../packages/vector-store/src/testing/seeded-vectors';

const RECORDS = 100_000;
const DIMENSIONS = 1536;
const CLUSTERS = 1_000;
const LOOKUPS = 1_000;
const BATCH = 1_000;

export async function runVectorIndexBench(): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sluice-vector-bench-'));
  try {
    const store = createEmbeddedVectorStore({
      dimensions: DIMENSIONS,
      dataDir,
      persistIntervalMs: 0,
      sweepIntervalMs: 0,
    });
    const buildStarted = performance.now();
    for (let start = 0; start < RECORDS; start += BATCH) {
      await store.upsert(
        Array.from({ length: Math.min(BATCH, RECORDS - start) }, (_, offset) =>
          benchRecord(start + offset, 'one-scope'),
        ),
      );
    }
    const buildS = (performance.now() - buildStarted) / 1000;
    const rssMb = process.memoryUsage().rss / 2 ** 20;
    const lookups = await timeLookups(store, 'one-scope', RECORDS);
    const persistStarted = performance.now();
    await store.close();
    const persistS = (performance.now() - persistStarted) / 1000;
    const loadStarted = performance.now();
    const reloaded = createEmbeddedVectorStore({
      dimensions: DIMENSIONS,
      dataDir,
      persistIntervalMs: 0,
      sweepIntervalMs: 0,
    });
    await reloaded.ensureCollection();
    const loadS = (performance.now() - loadStarted) / 1000;
    const afterLoad = await timeLookups(reloaded, 'one-scope', RECORDS);
    await reloaded.close();
    const scoped = await scopedBench();
    return {
      records: RECORDS,
      dimensions: DIMENSIONS,
      build_s: round(buildS),
      inserts_per_s: Math.round(RECORDS / buildS),
      lookup_p50_ms: round(lookups.p50),
      lookup_p95_ms: round(lookups.p95),
      lookup_p99_ms: round(lookups.p99),
      lookup_recall_at_1: round(lookups.recall),
      rss_mb: Math.round(rssMb),
      snapshot_write_s: round(persistS),
      snapshot_load_s: round(loadS),
      lookup_after_load_p50_ms: round(afterLoad.p50),
      scoped_records: scoped.records,
      scoped_scopes: scoped.scopes,
      scoped_lookup_p50_ms: round(scoped.p50),
      scoped_lookup_p95_ms: round(scoped.p95),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Record i: a unit-ish vector near one of CLUSTERS centres, so the graph sees realistic neighbourhoods. */
function benchRecord(index: number, scope: string): VectorRecord {
  return { id: `r${index}`, vector: benchVector(index), scope, payload: { index }, expiresAt: Date.now() + 86_400_000 };
}

function benchVector(index: number, noise = 0): number[] {
  const centre = random(1 + (index % CLUSTERS));
  const own = random(1_000_003 + index);
  const jitter = random(7_777_777 + index);
  const vector = new Array<number>(DIMENSIONS);
  for (let dimension = 0; dimension < DIMENSIONS; dimension += 1) {
    vector[dimension] = centre() + 0.35 * own() + noise * jitter();
  }
  return vector;
}

async function timeLookups(store: VectorStore, scope: string, records: number) {
  const pick = random(424_242);
  const durations: number[] = [];
  let found = 0;
  for (let lookup = 0; lookup < LOOKUPS; lookup += 1) {
    const target = Math.floor((pick() + 0.5) * records) % records;
    const query = benchVector(target, 0.02);
    const started = performance.now();
    const [best] = await store.search({ vector: query, scope, limit: 5, minScore: 0 });
    durations.push(performance.now() - started);
    if (best?.id === `r${target}`) found += 1;
  }
  return { ...percentiles(durations), recall: found / LOOKUPS };
}

async function scopedBench() {
  const records = 20_000;
  const scopes = 1_000;
  const store = createEmbeddedVectorStore({ dimensions: DIMENSIONS, persistIntervalMs: 0, sweepIntervalMs: 0 });
  for (let start = 0; start < records; start += BATCH) {
    await store.upsert(
      Array.from({ length: BATCH }, (_, offset) => benchRecord(start + offset, `scope-${(start + offset) % scopes}`)),
    );
  }
  const pick = random(99);
  const durations: number[] = [];
  for (let lookup = 0; lookup < LOOKUPS; lookup += 1) {
    const target = Math.floor((pick() + 0.5) * records) % records;
    const started = performance.now();
    await store.search({ vector: benchVector(target, 0.02), scope: `scope-${target % scopes}`, limit: 5 });
    durations.push(performance.now() - started);
  }
  await store.close();
  return { records, scopes, ...percentiles(durations) };
}

function percentiles(durations: number[]) {
  const sorted = [...durations].sort((left, right) => left - right);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runVectorIndexBench().then((results) => console.log(JSON.stringify(results, null, 2)));
}
