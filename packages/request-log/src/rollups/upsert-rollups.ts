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
 * percentiles the writer worked out for each row: of its merged histogram for a row read before (StoredRollup), of
 * the increment's own for a new one. Returns each row written (its ctid, valid until this transaction ends: the row
 * stays locked by it) with its id, key and requests after the increment.
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
 * The rollup rows of the keys given, with their histograms, as committed when the statement starts: read without
 * locks, so that an increment can write a row's counts and its merged histogram's percentiles in one update. A key
 * has a virtual key (the ungrouped total's), a value, or neither, and each kind is looked up by every column of
 * request_log_rollups_key (its null one by IS NULL): a single join would compare them with IS NOT DISTINCT FROM,
 * which no index serves. A key with both is not looked up (the upsert then tells it changed).
 */
const STORED_ROLLUPS_SQL = `
  WITH wanted AS MATERIALIZED (
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
      AS wanted(span, dimension, bucket, virtual_key_id, value)
  ), found AS (
    SELECT rollup.* FROM wanted JOIN request_log_rollups AS rollup USING (span, dimension, bucket, virtual_key_id)
    WHERE wanted.value IS NULL AND rollup.value IS NULL
    UNION ALL
    SELECT rollup.* FROM wanted JOIN request_log_rollups AS rollup USING (span, dimension, bucket, value)
    WHERE wanted.virtual_key_id IS NULL AND rollup.virtual_key_id IS NULL
    UNION ALL
    SELECT rollup.* FROM wanted JOIN request_log_rollups AS rollup USING (span, dimension, bucket)
    WHERE wanted.virtual_key_id IS NULL AND wanted.value IS NULL AND rollup.virtual_key_id IS NULL
      AND rollup.value IS NULL
  )
  SELECT found.id::text AS id, found.requests::float8 AS requests, found.span, found.dimension,
    (extract(epoch FROM found.bucket) * 1000)::float8 AS bucket_ms, found.virtual_key_id, found.value,
    stored.latency_histogram::text AS histogram
  FROM found LEFT JOIN request_log_rollup_histograms AS stored ON stored.rollup_id = found.id`;

/**
 * The stored histograms of rows another writer incremented between STORED_ROLLUPS_SQL and the upsert. A statement of
 * its own, after the upsert: it sees what that writer committed before this one took the rows' locks, which a part of
 * the upsert statement (reading from the statement's start) would not.
 */
const STORED_HISTOGRAMS_SQL = `
  SELECT rollup_id::text AS id, latency_histogram::text AS histogram
  FROM request_log_rollup_histograms WHERE rollup_id = ANY($1::int8[])`;

/**
 * Stores each written row's histogram (array text) under its id, and sets the percentiles of the rows another writer
 * incremented between STORED_ROLLUPS_SQL and the upsert (by ctid, a TID scan per row) from their merged histograms.
 * The histograms are added up by the writer (docs/request-log.md): adding two 122-slot arrays element by element in
 * SQL cost 20–55 µs per rollup row, parsing the sum as array text about 3 µs (BENCHMARKS.md, 2026-12-06 17:15 UTC).
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

interface RollupRow {
  id: string;
  requests: number;
  span: RollupSpan;
  dimension: string;
  bucket_ms: number;
  virtual_key_id: string | null;
  value: string | null;
}

interface WrittenRow extends RollupRow {
  row_id: string;
}

interface StoredRollup extends RollupRow {
  histogram: string | null;
}

/** An increment as the upsert writes it: with its row's histogram after it, and that row as read before (if any). */
interface PlannedIncrement {
  delta: RollupDelta;
  histogram: number[];
  /** The id and requests of the row as STORED_ROLLUPS_SQL read it; absent for a row that did not exist. */
  read?: { id: string; requests: number };
}

/** A row the upsert wrote, and whether any other writer wrote it between STORED_ROLLUPS_SQL and the upsert. */
interface WrittenIncrement {
  row: WrittenRow;
  increment: PlannedIncrement;
  changed: boolean;
}

const keyOf = (row: RollupRow) =>
  rollupKey(row.span, row.dimension, String(row.bucket_ms), row.virtual_key_id, row.value);

/**
 * Writes increments (as rollupDeltas returns them: one per key, sorted) inside the caller's transaction. The rows of
 * their keys are read first (STORED_ROLLUPS_SQL), each increment's histogram merged with its row's, and the upsert
 * writes counts, sums and the merged histogram's percentiles in one update of each row; then each row's histogram
 * (kept apart, in request_log_rollup_histograms). Rollup rows only ever grow, so a row the upsert returns with the
 * requests read plus the increment's (or, new, the increment's) was written by no one else meanwhile; any other — a
 * concurrent writer's increment committed in between — has its stored histogram read again under the upsert's lock,
 * merged, and its percentiles set again (docs/request-log.md), so summaries read them stored.
 */
export async function upsertRollups(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const increments = await planIncrements(executor, deltas);
  const planned = new Map(increments.map((increment) => [incrementKey(increment.delta), increment]));
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  const { rows } = await executor.query<WrittenRow>(UPSERT_ROLLUPS_SQL, [
    ...keyColumns(deltas),
    floatArrayText(column((delta) => delta.requests)),
    floatArrayText(column((delta) => delta.errors)),
    floatArrayText(column((delta) => delta.promptTokens)),
    floatArrayText(column((delta) => delta.completionTokens)),
    floatArrayText(column((delta) => delta.cachedTokens)),
    floatArrayText(column((delta) => delta.costUsd)),
    floatArrayText(column((delta) => delta.savedUsd)),
    floatArrayText(column((delta) => delta.cacheHits)),
    floatArrayText(column((delta) => delta.cacheLookups)),
    ...percentileColumns(increments.map((increment) => increment.histogram)),
  ]);
  const written = rows.map((row): WrittenIncrement => {
    const increment = planned.get(keyOf(row));
    if (increment === undefined)
      throw new Error(`a rollup row was written for no increment: ${row.span} ${row.bucket_ms}`);
    const { read, delta } = increment;
    const expected = read === undefined ? delta.requests : read.requests + delta.requests;
    return { row, increment, changed: Number(row.requests) !== expected || (read !== undefined && read.id !== row.id) };
  });
  await writeHistograms(executor, written);
}

/** The increments' keys as five array parameters: span, dimension, bucket, virtual key, value. */
function keyColumns(deltas: readonly RollupDelta[]): string[] {
  return [
    textArrayText(deltas.map((delta) => delta.span)),
    textArrayText(deltas.map((delta) => delta.dimension)),
    textArrayText(deltas.map((delta) => delta.bucket)),
    textArrayText(deltas.map((delta) => delta.virtualKeyId)),
    textArrayText(deltas.map((delta) => delta.value)),
  ];
}

function incrementKey(delta: RollupDelta): string {
  return rollupKey(delta.span, delta.dimension, String(Date.parse(delta.bucket)), delta.virtualKeyId, delta.value);
}

/** Each increment, in order, with its row as STORED_ROLLUPS_SQL reads it and the histogram it leaves that row with. */
async function planIncrements(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<PlannedIncrement[]> {
  const { rows } = await executor.query<StoredRollup>(STORED_ROLLUPS_SQL, keyColumns(deltas));
  const storedOf = new Map(rows.map((row) => [keyOf(row), row]));
  return deltas.map((delta) => {
    const stored = storedOf.get(incrementKey(delta));
    if (stored === undefined) return { delta, histogram: delta.histogram };
    const histogram = addToStored(stored.histogram ?? undefined, delta.histogram);
    return { delta, histogram, read: { id: stored.id, requests: Number(stored.requests) } };
  });
}

/**
 * Stores each written row's histogram: the planned one, or, for a row another writer changed meanwhile, its stored
 * histogram read again (STORED_HISTOGRAMS_SQL) plus the increment's, with that sum's percentiles set on the row.
 */
async function writeHistograms(executor: SqlExecutor, written: readonly WrittenIncrement[]): Promise<void> {
  const changed = written.filter((entry) => entry.changed);
  const stored =
    changed.length === 0
      ? { rows: [] }
      : await executor.query<{ id: string; histogram: string }>(STORED_HISTOGRAMS_SQL, [
          `{${changed.map((entry) => entry.row.id).join(',')}}`,
        ]);
  const histogramOf = new Map(stored.rows.map((row) => [row.id, row.histogram]));
  const ids: string[] = [];
  const histograms: string[] = [];
  const rowIds: string[] = [];
  const mergedHistograms: number[][] = [];
  for (const { row, increment, changed } of written) {
    ids.push(row.id);
    if (!changed) {
      histograms.push(`{${increment.histogram.join(',')}}`);
      continue;
    }
    const histogram = addToStored(histogramOf.get(row.id), increment.delta.histogram);
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
  const counts = stored.slice(1, -1).split(',');
  const sums: number[] = [];
  for (let slot = 0; slot < counts.length; slot++) sums.push(Number(counts[slot]) + (added[slot] ?? 0));
  return sums;
}
