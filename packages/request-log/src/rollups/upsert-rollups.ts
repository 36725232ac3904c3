import type { SqlExecutor } from '@sluice/database';
import { histogramPercentile, LATENCY_SLOTS } from './latency-histogram';
import type { RollupDelta, RollupSpan } from './rollup-deltas';
import { rollupKey } from './rollup-key';

const ADDED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .map((column) => `${column} = rollup.${column} + excluded.${column}`)
  .join(', ');

/**
 * Adds increments' counts and sums to request_log_rollups in one statement (one array parameter per column). Returns
 * each row written (its ctid, valid until this transaction ends: the row stays locked by it) with its id and key.
 */
const UPSERT_ROLLUPS_SQL = `
  INSERT INTO request_log_rollups AS rollup (span, dimension, bucket, virtual_key_id, value, requests, errors,
    prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int8[], $7::int8[],
    $8::int8[], $9::int8[], $10::int8[], $11::float8[], $12::float8[], $13::int8[], $14::int8[])
  ON CONFLICT ON CONSTRAINT request_log_rollups_key DO UPDATE SET ${ADDED}
  RETURNING ctid::text AS row_id, id::text AS id, span, dimension,
    (extract(epoch FROM bucket) * 1000)::float8 AS bucket_ms, virtual_key_id, value`;

/**
 * The stored histograms of rows just written, as array text (a new row has none). A statement of its own, after the
 * upsert: it sees what a concurrent writer committed before this one took the rows' locks, which a part of the upsert
 * statement (reading from the statement's start) would not.
 */
const STORED_HISTOGRAMS_SQL = `
  SELECT rollup_id::text AS id, latency_histogram::text AS histogram
  FROM request_log_rollup_histograms WHERE rollup_id = ANY($1::int8[])`;

/**
 * Sets each written row's percentiles (by ctid, a TID scan per row) and stores its merged histogram (array text)
 * under its id. The histograms are added up by the writer (docs/request-log.md): adding two 122-slot arrays element
 * by element in SQL cost 20–55 µs per rollup row, parsing the sum as array text about 3 µs (BENCHMARKS.md,
 * 2026-12-06 17:15 UTC).
 */
const SET_HISTOGRAMS_SQL = `
  WITH merged AS (
    SELECT * FROM unnest($1::tid[], $2::int8[], $3::text[], $4::float8[], $5::float8[], $6::float8[])
      AS merged(row_id, id, histogram, p50, p95, p99)
  ), percentiles AS (
    UPDATE request_log_rollups AS rollup
    SET latency_p50_ms = merged.p50, latency_p95_ms = merged.p95, latency_p99_ms = merged.p99
    FROM merged WHERE rollup.ctid = merged.row_id
  )
  INSERT INTO request_log_rollup_histograms AS stored (rollup_id, latency_histogram)
  SELECT id, histogram::integer[] FROM merged
  ON CONFLICT (rollup_id) DO UPDATE SET latency_histogram = excluded.latency_histogram`;

interface WrittenRow {
  row_id: string;
  id: string;
  span: RollupSpan;
  dimension: string;
  bucket_ms: number;
  virtual_key_id: string | null;
  value: string | null;
}

/**
 * Writes increments (as rollupDeltas returns them: one per key, sorted) inside the caller's transaction: counts and
 * sums first, then each row's histogram (kept apart, in request_log_rollup_histograms) merged with the increment's
 * and that histogram's latency percentiles (docs/request-log.md), so summaries read them stored.
 */
export async function upsertRollups(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  const { rows } = await executor.query<WrittenRow>(UPSERT_ROLLUPS_SQL, [
    column((delta) => delta.span),
    column((delta) => delta.dimension),
    column((delta) => delta.bucket),
    column((delta) => delta.virtualKeyId),
    column((delta) => delta.value),
    column((delta) => delta.requests),
    column((delta) => delta.errors),
    column((delta) => delta.promptTokens),
    column((delta) => delta.completionTokens),
    column((delta) => delta.cachedTokens),
    column((delta) => delta.costUsd),
    column((delta) => delta.savedUsd),
    column((delta) => delta.cacheHits),
    column((delta) => delta.cacheLookups),
  ]);
  const deltaOf = new Map(
    deltas.map((delta) => [
      rollupKey(delta.span, delta.dimension, delta.bucket, delta.virtualKeyId, delta.value),
      delta,
    ]),
  );
  const stored = await executor.query<{ id: string; histogram: string }>(STORED_HISTOGRAMS_SQL, [
    rows.map((row) => row.id),
  ]);
  const histogramOf = new Map(stored.rows.map((row) => [row.id, row.histogram]));
  const merged: [string[], string[], string[], (number | null)[], (number | null)[], (number | null)[]] = [
    [],
    [],
    [],
    [],
    [],
    [],
  ];
  for (const row of rows) {
    const bucket = new Date(Number(row.bucket_ms)).toISOString();
    const delta = deltaOf.get(rollupKey(row.span, row.dimension, bucket, row.virtual_key_id, row.value));
    if (delta === undefined) throw new Error(`a rollup row was written for no increment: ${row.span} ${bucket}`);
    const histogram = addToStored(histogramOf.get(row.id), delta.histogram);
    merged[0].push(row.row_id);
    merged[1].push(row.id);
    merged[2].push(`{${histogram.join(',')}}`);
    merged[3].push(histogramPercentile(histogram, 0.5));
    merged[4].push(histogramPercentile(histogram, 0.95));
    merged[5].push(histogramPercentile(histogram, 0.99));
  }
  await executor.query(SET_HISTOGRAMS_SQL, merged);
}

/** A stored histogram (array text; none for a new row) plus an increment's. */
function addToStored(stored: string | undefined, added: readonly number[]): number[] {
  if (stored === undefined) return Array.from({ length: LATENCY_SLOTS }, (_, slot) => added[slot] ?? 0);
  return stored
    .slice(1, -1)
    .split(',')
    .map((count, slot) => Number(count) + (added[slot] ?? 0));
}
