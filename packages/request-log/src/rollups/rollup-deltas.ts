import { LATENCY_SLOTS, latencySlot } from './latency-histogram';
import { rollupKey } from './rollup-key';

/** What a log row adds to the rollups: its dimensions and figures, as stored (cleaned text). */
export interface RollupInput {
  createdAt: string;
  virtualKeyId: string | null;
  servedModel: string | null;
  requestedModel: string;
  provider: string | null;
  userId: string | null;
  properties: Readonly<Record<string, string>>;
  status: string;
  cache: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  savedUsd: number;
  latencyMs: number;
}

export type RollupSpan = 'hour' | 'day';

/** One rollup row's increment. */
export interface RollupDelta {
  span: RollupSpan;
  dimension: string;
  /** Start of the hour or UTC day, ISO 8601. */
  bucket: string;
  virtualKeyId: string | null;
  value: string | null;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  savedUsd: number;
  cacheHits: number;
  cacheLookups: number;
  /** Requests per latency slot (LATENCY_SLOTS long). */
  histogram: number[];
}

const SPAN_MS: Record<RollupSpan, number> = { hour: 3_600_000, day: 86_400_000 };

/**
 * Adds rows up into rollup increments, one per (span, dimension, bucket, virtual key, value) — the same rows
 * and dimensions as the SQL of rollupDimensionsSql — sorted by that key, so concurrent writers lock rollup
 * rows in one order. Only the ungrouped rows (dimension '') are kept per virtual key: crossing every grouping
 * with every key would multiply the rollups without serving a summary the API offers.
 */
export function rollupDeltas(rows: Iterable<RollupInput>): RollupDelta[] {
  const deltas = new Map<string, RollupDelta>();
  const bucketTexts = new Map<number, string>();
  const count = (
    span: RollupSpan,
    dimension: string,
    bucket: string,
    virtualKeyId: string | null,
    value: string | null,
    row: RollupInput,
    slot: number,
  ) => {
    const key = rollupKey(span, dimension, bucket, virtualKeyId, value);
    let delta = deltas.get(key);
    if (delta === undefined) {
      delta = emptyDelta(span, dimension, bucket, virtualKeyId, value);
      deltas.set(key, delta);
    }
    add(delta, row, slot);
  };
  for (const row of rows) {
    const slot = latencySlot(row.latencyMs);
    const time = Date.parse(row.createdAt);
    for (const span of SPANS) {
      const start = Math.floor(time / SPAN_MS[span]) * SPAN_MS[span];
      let bucket = bucketTexts.get(start);
      if (bucket === undefined) {
        bucket = new Date(start).toISOString();
        bucketTexts.set(start, bucket);
      }
      count(span, '', bucket, row.virtualKeyId, null, row, slot);
      count(span, 'model', bucket, null, row.servedModel ?? row.requestedModel, row, slot);
      count(span, 'provider', bucket, null, row.provider, row, slot);
      count(span, 'user', bucket, null, row.userId, row, slot);
      for (const name of Object.keys(row.properties))
        count(span, `property.${name}`, bucket, null, row.properties[name] ?? null, row, slot);
    }
  }
  return [...deltas.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
}

const SPANS: readonly RollupSpan[] = ['hour', 'day'];

function emptyDelta(
  span: RollupSpan,
  dimension: string,
  bucket: string,
  virtualKeyId: string | null,
  value: string | null,
): RollupDelta {
  return {
    span,
    dimension,
    bucket,
    virtualKeyId,
    value,
    requests: 0,
    errors: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    costUsd: 0,
    savedUsd: 0,
    cacheHits: 0,
    cacheLookups: 0,
    histogram: new Array<number>(LATENCY_SLOTS).fill(0),
  };
}

function add(delta: RollupDelta, row: RollupInput, slot: number): void {
  delta.requests += 1;
  if (row.status === 'error') delta.errors += 1;
  delta.promptTokens += row.promptTokens;
  delta.completionTokens += row.completionTokens;
  delta.cachedTokens += row.cachedTokens;
  delta.costUsd += row.costUsd;
  delta.savedUsd += row.savedUsd;
  if (row.cache === 'hit-exact' || row.cache === 'hit-semantic') delta.cacheHits += 1;
  if (row.cache !== 'off') delta.cacheLookups += 1;
  delta.histogram[slot] = (delta.histogram[slot] ?? 0) + 1;
}
