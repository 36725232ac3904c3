import type { SqlExecutor } from '@sluice/database';
import type { RollupDelta } from './rollup-deltas';

const ADDED = ['requests', 'errors', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'cost_usd', 'saved_usd']
  .concat(['cache_hits', 'cache_lookups'])
  .map((column) => `${column} = rollup.${column} + excluded.${column}`)
  .join(', ');

/**
 * Adds increments to request_log_rollups in one statement (one array parameter per column). A key seen for the
 * first time is inserted; otherwise counts, sums and each histogram slot are added.
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
      ORDER BY pair.slot)`;

/** Writes increments (as rollupDeltas returns them: one per key, sorted) inside the caller's transaction. */
export async function upsertRollups(executor: SqlExecutor, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const column = <T>(pick: (delta: RollupDelta) => T) => deltas.map(pick);
  await executor.query(UPSERT_ROLLUPS_SQL, [
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
}
