/**
 * A grouped summary that keeps its top groups (docs/request-log.md) reads those groups' rollup rows, and the
 * other row subtracts them from the total: this index finds one value's rows over a window without reading every
 * value's. Rollup updates do not change the indexed columns, so they stay HOT updates.
 */
export const ROLLUP_VALUE_INDEX_SQL = `
CREATE INDEX request_log_rollups_value_bucket_idx ON request_log_rollups (span, dimension, value, bucket);
`;
