import { compareKeys } from '../compare-keys';
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

/** One rollup row a log row counts in, within a bucket: its dimension, virtual key and value, and those as one key. */
interface Group {
  dimension: string;
  virtualKeyId: string | null;
  value: string | null;
  key: string;
}

/**
 * Adds rows up into rollup increments, one per (span, dimension, bucket, virtual key, value) — the same rows
 * and dimensions as the SQL of rollupDimensionsSql — sorted by that key, so concurrent writers lock rollup
 * rows in one order. Only the ungrouped rows (dimension '') are kept per virtual key: crossing every grouping
 * with every key would multiply the rollups without serving a summary the API offers. A row's groups are worked out
 * once for both spans, and looked up among its bucket's increments only.
 */
export function rollupDeltas(rows: Iterable<RollupInput>): RollupDelta[] {
  /** Each bucket's increments by group; keyed by the bucket's start, plus one for a day (a day starts on an hour). */
  const buckets = new Map<number, Map<string, RollupDelta>>();
  const bucketTexts = new Map<number, string>();
  const all: RollupDelta[] = [];
  const known = new KnownGroups();
  for (const row of rows) {
    const slot = latencySlot(row.latencyMs);
    const time = Date.parse(row.createdAt);
    const groups = known.of(row);
    for (const span of SPANS) {
      const start = Math.floor(time / SPAN_MS[span]) * SPAN_MS[span];
      const bucketKey = span === 'day' ? start + 1 : start;
      let deltas = buckets.get(bucketKey);
      if (deltas === undefined) {
        deltas = new Map();
        buckets.set(bucketKey, deltas);
      }
      let bucket = bucketTexts.get(start);
      if (bucket === undefined) {
        bucket = new Date(start).toISOString();
        bucketTexts.set(start, bucket);
      }
      for (const group of groups) {
        let delta = deltas.get(group.key);
        if (delta === undefined) {
          delta = emptyDelta(span, group.dimension, bucket, group.virtualKeyId, group.value);
          deltas.set(group.key, delta);
          all.push(delta);
        }
        add(delta, row, slot);
      }
    }
  }
  return all
    .map((delta) => ({
      key: rollupKey(delta.span, delta.dimension, delta.bucket, delta.virtualKeyId, delta.value),
      delta,
    }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ delta }) => delta);
}

/** A dimension's groups met so far, by value (by virtual key, for the ungrouped total). */
class DimensionGroups {
  private readonly groups = new Map<string | null, Group>();

  constructor(private readonly dimension: string) {}

  find(virtualKeyId: string | null, value: string | null): Group {
    const lookup = virtualKeyId ?? value;
    let found = this.groups.get(lookup);
    if (found === undefined) {
      found = group(this.dimension, virtualKeyId, value);
      this.groups.set(lookup, found);
    }
    return found;
  }
}

/**
 * The groups met so far, each made (with its key) once: a row's groups are found by its values, where making them
 * anew built six keys a row (BENCHMARKS.md, 2026-12-07 13:03–14:25 UTC notes).
 */
class KnownGroups {
  private readonly total = new DimensionGroups('');
  private readonly model = new DimensionGroups('model');
  private readonly provider = new DimensionGroups('provider');
  private readonly user = new DimensionGroups('user');
  /** By the property's name, so that its dimension's name is not built again for each row. */
  private readonly properties = new Map<string, DimensionGroups>();

  /** A row's groups: the ungrouped total per virtual key, its model, provider, user and each property's value. */
  of(row: RollupInput): Group[] {
    const groups = [
      this.total.find(row.virtualKeyId, null),
      this.model.find(null, row.servedModel ?? row.requestedModel),
      this.provider.find(null, row.provider),
      this.user.find(null, row.userId),
    ];
    for (const name of Object.keys(row.properties)) {
      let property = this.properties.get(name);
      if (property === undefined) {
        property = new DimensionGroups(`property.${name}`);
        this.properties.set(name, property);
      }
      groups.push(property.find(null, row.properties[name] ?? null));
    }
    return groups;
  }
}

function group(dimension: string, virtualKeyId: string | null, value: string | null): Group {
  return { dimension, virtualKeyId, value, key: rollupKey('', dimension, '', virtualKeyId, value) };
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
