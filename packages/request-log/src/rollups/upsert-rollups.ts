import type { SqlExecutor } from '@sluice/database';
import { histogramPercentile, LATENCY_SLOTS } from './latency-histogram';
import type { RollupDelta, RollupSpan } from './rollup-deltas';
import { rollupKey } from './rollup-key';
import { floatArrayText, textArrayText } from './sql-array-text';

const ADDED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .map((column) => `${column} = rollup.${column} + excluded.${column}`)
  .join(', ');

/**
 * Adds increments' counts and sums to request_log_rollups in one statement (one array parameter per column), with the
 * percentiles of the increment's own histogram: right for a row this statement inserts (a new key), set again after
 * the merge for a row it updated. Returns each row written (its ctid, valid until this transaction ends: the row stays
 * locked by it) with its id, key and requests after the increment.
 */
const UPSERT_ROLLUPS_SQL = `
  INSERT INTO request_log_rollups AS rollup (span, dimension, bucket, virtual_key_id, value, requests, errors,
    prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups,
    latency_p50_ms, latency_p95_ms, latency_p99_ms)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int8[], $7::int8[],
    $8::int8[], $9::int8[], $10::int8[], $11::float8[], $12::float8[], $13::int8[], $14::int8[], $15::float8[],
    $16::float8[], $17::float8[])
  ON CONFLICT ON CONSTRAINT request_log_rollups_key DO UPDATE SET ${ADDED},
    latency_p50_ms = excluded.latency_p50_ms, latency_p95_ms = excluded.latency_p95_ms,
    latency_p99_ms = excluded.latency_p99_ms
  RETURNING ctid::text AS row_id, id::text AS id, requests::float8 AS requests, span, dimension,
    (extract(epoch FROM bucket) * 1000)::float8 AS bucket_ms, virtual_key_id, value`;

/**
 * The stored histograms of rows just incremented, as array text. A statement of its own, after the upsert: it sees
 * what a concurrent writer committed before this one took the rows' locks, which a part of the upsert statement
 * (reading from the statement's start) would not.
 */
const STORED_HISTOGRAMS_SQL = `
  SELECT rollup_id::text AS id, latency_histogram::text AS histogram
  FROM request_log_rollup_histograms WHERE rollup_id = ANY($1::int8[])`;

/**
 * Stores each written row's histogram (array text) under its id — a new row's is its increment's — and sets the
 * percentiles of the rows that were incremented (by ctid, a TID scan per row) from their merged histograms. The
 * histograms are added up by the writer (docs/request-log.md): adding two 122-slot arrays element by element in SQL
 * cost 20–55 µs per rollup row, parsing the sum as array text about 3 µs (BENCHMARKS.md, 2026-12-06 17:15 UTC).
 */
const SET_HISTOGRAMS_SQL = `
  WITH merged AS (
    SELECT * FROM unnest($1::int8[], $2::text[]) AS merged(id, histogram)
  ), incremented AS (
    SELECT * FROM unnest($3::tid[], $4::float8[], $5::float8[], $6::float8[]) AS incremented(row_id, p50, p95, p99)
  ), percentiles AS (
    UPDATE request_log_rollups AS rollup
    SET latency_p50_ms = incremented.p50, latency_p95_ms = incremented.p95, latency_p99_ms = incremented.p99
    FROM incremented WHERE rollup.ctid = incremented.row_id
  )
  INSERT INTO request_log_rollup_histograms AS stored (rollup_id, latency_histogram)
  SELECT id, histogram::integer[] FROM merged
  ON CONFLICT (rollup_id) DO UPDATE SET latency_histogram = excluded.latency_histogram`;

interface WrittenRow {
  row_id: string;
  id: string;
  requests: number;
  span: RollupSpan;
  dimension: string;
  bucket_ms: number;
  virtual_key_id: string | null;
  value: string | null;
}

/**
 * Writes increments (as rollupDeltas returns them: one per key, sorted) inside the caller's transaction: counts, sums
 * and the increment's percentiles first, then each row's histogram (kept apart, in request_log_rollup_histograms) —
 * a row the upsert inserted holds exactly its increment, so it is written once; a row it incremented gets its stored
 * histogram merged with the increment's and that histogram's latency percentiles (docs/request-log.md), so summaries
 * read them stored.
 */
export async function upsertRollups(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  const { rows } = await executor.query<WrittenRow>(UPSERT_ROLLUPS_SQL, [
    textArrayText(column((delta) => delta.span)),
    textArrayText(column((delta) => delta.dimension)),
    textArrayText(column((delta) => delta.bucket)),
    textArrayText(column((delta) => delta.virtualKeyId)),
    textArrayText(column((delta) => delta.value)),
    floatArrayText(column((delta) => delta.requests)),
    floatArrayText(column((delta) => delta.errors)),
    floatArrayText(column((delta) => delta.promptTokens)),
    floatArrayText(column((delta) => delta.completionTokens)),
    floatArrayText(column((delta) => delta.cachedTokens)),
    floatArrayText(column((delta) => delta.costUsd)),
    floatArrayText(column((delta) => delta.savedUsd)),
    floatArrayText(column((delta) => delta.cacheHits)),
    floatArrayText(column((delta) => delta.cacheLookups)),
    ...percentileColumns(column((delta) => delta.histogram)),
  ]);
  const deltaOf = new Map(
    deltas.map((delta) => [
      rollupKey(delta.span, delta.dimension, String(Date.parse(delta.bucket)), delta.virtualKeyId, delta.value),
      delta,
    ]),
  );
  const written = rows.map((row) => {
    const delta = deltaOf.get(rollupKey(row.span, row.dimension, String(row.bucket_ms), row.virtual_key_id, row.value));
    if (delta === undefined) throw new Error(`a rollup row was written for no increment: ${row.span} ${row.bucket_ms}`);
    // Rollup rows only ever grow, so a row holding exactly its increment's requests was inserted now.
    return { row, delta, inserted: Number(row.requests) === delta.requests };
  });
  const incremented = written.filter((entry) => !entry.inserted);
  const stored =
    incremented.length === 0
      ? { rows: [] }
      : await executor.query<{ id: string; histogram: string }>(STORED_HISTOGRAMS_SQL, [
          `{${incremented.map((entry) => entry.row.id).join(',')}}`,
        ]);
  const histogramOf = new Map(stored.rows.map((row) => [row.id, row.histogram]));
  const ids: string[] = [];
  const histograms: string[] = [];
  const rowIds: string[] = [];
  const mergedHistograms: number[][] = [];
  for (const { row, delta, inserted } of written) {
    ids.push(row.id);
    if (inserted) {
      histograms.push(`{${delta.histogram.join(',')}}`);
      continue;
    }
    const histogram = addToStored(histogramOf.get(row.id), delta.histogram);
    histograms.push(`{${histogram.join(',')}}`);
    rowIds.push(row.row_id);
    mergedHistograms.push(histogram);
  }
  await executor.query(SET_HISTOGRAMS_SQL, [
    `{${ids.join(',')}}`,
    textArrayText(histograms),
    textArrayText(rowIds),
    ...percentileColumns(mergedHistograms),
  ]);
}

/** The latency percentiles a rollup row stores (p50, p95, p99) of each histogram, as three array parameters. */
function percentileColumns(histograms: readonly (readonly number[])[]): string[] {
  return [0.5, 0.95, 0.99].map((p) => floatArrayText(histograms.map((histogram) => histogramPercentile(histogram, p))));
}

/** A stored histogram (array text; none for a row whose histogram was never written) plus an increment's. */
function addToStored(stored: string | undefined, added: readonly number[]): number[] {
  if (stored === undefined) return Array.from({ length: LATENCY_SLOTS }, (_, slot) => added[slot] ?? 0);
  return stored
    .slice(1, -1)
    .split(',')
    .map((count, slot) => Number(count) + (added[slot] ?? 0));
}
