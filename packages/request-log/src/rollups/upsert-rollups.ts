import type { SqlExecutor } from '@sluice/database';
import { histogramPercentile } from './latency-histogram';
import type { RollupDelta } from './rollup-deltas';

const ADDED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .map((column) => `${column} = rollup.${column} + excluded.${column}`)
  .join(', ');

/**
 * Adds increments to request_log_rollups in one statement (one array parameter per column). A key seen for the
 * first time is inserted; otherwise counts, sums and each histogram slot are added. Returns each row written (its
 * ctid, valid until this transaction ends: the row stays locked by it) with its merged histogram as array text.
 */
const UPSERT_ROLLUPS_SQL = `
  INSERT INTO request_log_rollups AS rollup (span, dimension, bucket, virtual_key_id, value, requests, errors,
    prompt_tokens, completion_tokens, cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups, latency_histogram)
  SELECT span, dimension, bucket, virtual_key_id, value, requests, errors, prompt_tokens, completion_tokens,
    cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups, latency_histogram::integer[]
  FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::int8[], $7::int8[], $8::int8[],
    $9::int8[], $10::int8[], $11::float8[], $12::float8[], $13::int8[], $14::int8[], $15::text[])
    AS delta(span, dimension, bucket, virtual_key_id, value, requests, errors, prompt_tokens, completion_tokens,
      cached_tokens, cost_usd, saved_usd, cache_hits, cache_lookups, latency_histogram)
  ON CONFLICT ON CONSTRAINT request_log_rollups_key DO UPDATE SET ${ADDED},
    latency_histogram = ARRAY(
      SELECT pair.stored + pair.added
      FROM unnest(rollup.latency_histogram, excluded.latency_histogram) WITH ORDINALITY AS pair(stored, added, slot)
      ORDER BY pair.slot)
  RETURNING ctid::text AS row_id, latency_histogram::text AS histogram`;

/** Sets the percentiles of the rows just written, by ctid (a TID scan per row). */
const SET_PERCENTILES_SQL = `
  UPDATE request_log_rollups AS rollup
  SET latency_p50_ms = stored.p50, latency_p95_ms = stored.p95, latency_p99_ms = stored.p99
  FROM unnest($1::tid[], $2::float8[], $3::float8[], $4::float8[]) AS stored(row_id, p50, p95, p99)
  WHERE rollup.ctid = stored.row_id`;

/**
 * Writes increments (as rollupDeltas returns them: one per key, sorted) inside the caller's transaction, then
 * each row's latency percentiles from its merged histogram (docs/request-log.md), so summaries read them stored.
 */
export async function upsertRollups(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  const { rows } = await executor.query<{ row_id: string; histogram: string }>(UPSERT_ROLLUPS_SQL, [
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
    column((delta) => `{${delta.histogram.join(',')}}`),
  ]);
  const percentiles: [string[], (number | null)[], (number | null)[], (number | null)[]] = [[], [], [], []];
  for (const row of rows) {
    const histogram = row.histogram.slice(1, -1).split(',').map(Number);
    percentiles[0].push(row.row_id);
    percentiles[1].push(histogramPercentile(histogram, 0.5));
    percentiles[2].push(histogramPercentile(histogram, 0.95));
    percentiles[3].push(histogramPercentile(histogram, 0.99));
  }
  await executor.query(SET_PERCENTILES_SQL, percentiles);
}
