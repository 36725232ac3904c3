import { LATENCY_BOUNDARIES_SQL, LATENCY_SLOTS } from '../rollups/latency-histogram';

/**
 * Each rollup row keeps its own latency percentiles (docs/request-log.md), so a summary whose answer rows are
 * stored rollup rows reads three numbers per row rather than adding up histograms. The writer sets them after each
 * increment; this fills them in for the rows already there, placing each as histogramPercentile does (rank
 * p × (n − 1), interpolated inside the slot holding it). Every increment rewrites a rollup row twice (its counts,
 * then its percentiles), so pages are left half empty: the new versions fit beside the old (HOT updates: no new
 * index entries, pruned without VACUUM) rather than bloating the table and its index.
 */
export const ROLLUP_PERCENTILES_SQL = `
ALTER TABLE request_log_rollups
  ADD COLUMN latency_p50_ms double precision,
  ADD COLUMN latency_p95_ms double precision,
  ADD COLUMN latency_p99_ms double precision,
  SET (fillfactor = 50);

CREATE FUNCTION pg_temp.request_log_histogram_percentile(histogram integer[], fraction double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  WITH slots AS (
    SELECT item.slot - 1 AS slot, item.count,
           sum(item.count) OVER (ORDER BY item.slot) - item.count AS before,
           sum(item.count) OVER () AS total
    FROM unnest(histogram) WITH ORDINALITY AS item(count, slot)
  ), placed AS (
    SELECT slot, count, before, fraction * (total - 1) AS rank,
           CASE WHEN slot = 0 THEN 0 ELSE (${LATENCY_BOUNDARIES_SQL})[least(slot, ${LATENCY_SLOTS - 1})] END AS lower,
           CASE WHEN slot = 0 THEN (${LATENCY_BOUNDARIES_SQL})[1]
                WHEN slot >= ${LATENCY_SLOTS - 1} THEN (${LATENCY_BOUNDARIES_SQL})[${LATENCY_SLOTS - 1}]
                ELSE (${LATENCY_BOUNDARIES_SQL})[slot + 1] END AS upper
    FROM slots
  )
  SELECT lower + (upper - lower) * least(1, (rank - before + 0.5) / count)
  FROM placed WHERE count > 0 AND rank < before + count
  ORDER BY slot LIMIT 1
$$;

UPDATE request_log_rollups SET
  latency_p50_ms = pg_temp.request_log_histogram_percentile(latency_histogram, 0.5),
  latency_p95_ms = pg_temp.request_log_histogram_percentile(latency_histogram, 0.95),
  latency_p99_ms = pg_temp.request_log_histogram_percentile(latency_histogram, 0.99);

DROP FUNCTION pg_temp.request_log_histogram_percentile(integer[], double precision);
`;
