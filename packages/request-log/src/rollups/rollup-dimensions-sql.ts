/**
 * The rollup rows one log row counts in (docs/request-log.md): the ungrouped total (dimension ''), its model
 * (the served model, else the requested one), its provider, its user, and each of its custom properties. Used as a
 * LATERAL subquery over a row aliased as given.
 */
export function rollupDimensionsSql(row: string): string {
  return `SELECT ''::text AS dimension, NULL::text AS value
    UNION ALL SELECT 'model', coalesce(${row}.served_model, ${row}.requested_model)
    UNION ALL SELECT 'provider', ${row}.provider
    UNION ALL SELECT 'user', ${row}.user_id
    UNION ALL SELECT 'property.' || property.key, property.value FROM jsonb_each_text(${row}.properties) AS property`;
}
