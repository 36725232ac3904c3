import type { RedisClient } from './redis-client';
import {
  type CounterSeries,
  type HistogramSeries,
  REQUEST_HISTOGRAM_BUCKETS,
  type RequestCounterName,
  type RequestHistogramName,
  type RequestMetricSample,
  type RequestMetricsSnapshot,
} from './request-metric-sample';

type Labels = Record<string, string>;
/** A hash field: the metric, its labels, and which part (`c` a counter, `b<i>` a bucket, `sum`, `count`). */
type Field = [string, Labels, string];

/**
 * Per provider and model aggregates of completed requests, kept in one Redis hash so every process sees the same
 * totals: whichever service records them (the logger, from completion events) and whichever serves `/metrics`.
 * Samples are merged in memory and flushed as one HINCRBYFLOAT per distinct field, in one round trip, at most once
 * per `flushIntervalMs` — a crash loses at most that window of counts and never counts anything twice.
 */
export class RequestMetricsStore {
  private pending = new Map<string, number>();
  /** Each label set's fields' JSON by slot (addSample), made once: label values are bounded (RequestMetricLabels). */
  private readonly encoded = new Map<string, Map<string, string>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly options: { flushIntervalMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  async record(samples: readonly RequestMetricSample[]): Promise<void> {
    for (const sample of samples) {
      const { provider, model, status, cache } = sample.labels;
      const fields = this.fieldsOf(`${provider}\u0000${model}\u0000${status}\u0000${cache}`);
      addSample(sample, (slot, field, amount) => {
        let encoded = fields.get(slot);
        if (encoded === undefined) {
          encoded = JSON.stringify(field());
          fields.set(slot, encoded);
        }
        this.pending.set(encoded, (this.pending.get(encoded) ?? 0) + amount);
      });
    }
    if (this.pending.size > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush().catch((error: unknown) => this.options.onError?.(error));
      }, this.options.flushIntervalMs ?? 1_000);
      this.timer.unref();
    }
  }

  private fieldsOf(labelSet: string): Map<string, string> {
    let fields = this.encoded.get(labelSet);
    if (fields === undefined) {
      if (this.encoded.size >= MAX_LABEL_SETS) this.encoded.clear();
      fields = new Map();
      this.encoded.set(labelSet, fields);
    }
    return fields;
  }

  /** Writes what has been recorded so far; called on a timer and when the recording service stops. */
  async flush(): Promise<void> {
    const increments = this.pending;
    this.pending = new Map();
    if (increments.size === 0) return this.flushing;
    const pipeline = this.redis.pipeline();
    for (const [field, amount] of increments) pipeline.hincrbyfloat(this.key, field, amount);
    this.flushing = pipeline.exec().then((results) => {
      const failed = results?.find(([error]) => error !== null);
      if (failed?.[0]) throw failed[0];
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  async snapshot(): Promise<RequestMetricsSnapshot> {
    return decodeSnapshot(await this.redis.hgetall(this.key));
  }
}

/**
 * Adds a sample's increments: each field with a `slot` naming it among the fields of the sample's label set (the same
 * slot, the same field, for every sample of that set), so that its JSON is built once per label set, not per sample —
 * ~10 µs a request where each of its ~17 fields was encoded again (BENCHMARKS.md, 2026-12-07 13:00–14:50 UTC notes).
 */
function addSample(sample: RequestMetricSample, add: (slot: string, field: () => Field, amount: number) => void): void {
  const { provider, model, status, cache } = sample.labels;
  const counter = (slot: string, name: RequestCounterName, labels: () => Labels, amount: number) =>
    add(slot, () => [name, labels(), 'c'], amount);
  counter('requests', 'requests_total', () => ({ provider, model, status, cache }), 1);
  counter('prompt', 'tokens_total', () => ({ provider, model, type: 'prompt' }), sample.promptTokens);
  counter('completion', 'tokens_total', () => ({ provider, model, type: 'completion' }), sample.completionTokens);
  counter('cached', 'tokens_total', () => ({ provider, model, type: 'cached' }), sample.cachedTokens);
  counter('cost', 'cost_usd_total', () => ({ provider, model }), sample.costUsd);
  counter('saved', 'saved_usd_total', () => ({ provider, model }), sample.savedUsd);
  if (cache === 'hit-exact' || cache === 'hit-semantic')
    counter('hits', 'cache_hits_total', () => ({ provider, model, kind: cache.slice(4) }), 1);
  for (const attempt of sample.attempts) {
    const slot = `attempt\u0000${attempt.provider}\u0000${attempt.model}\u0000${attempt.outcome}`;
    counter(slot, 'upstream_attempts_total', () => ({ ...attempt }), 1);
  }
  observe(add, 'request_duration_seconds', () => ({ provider, model, status }), sample.latencyMs / 1000);
  if (sample.ttftMs !== null)
    observe(add, 'time_to_first_token_seconds', () => ({ provider, model }), sample.ttftMs / 1000);
  if (sample.queueWaitMs !== null) observe(add, 'queue_wait_seconds', () => ({ provider }), sample.queueWaitMs / 1000);
}

function observe(
  add: (slot: string, field: () => Field, amount: number) => void,
  name: RequestHistogramName,
  labels: () => Labels,
  seconds: number,
): void {
  const bounds = REQUEST_HISTOGRAM_BUCKETS[name];
  const index = bounds.findIndex((bound) => seconds <= bound);
  const bucket = `b${index === -1 ? bounds.length : index}`;
  add(`${name}\u0000${bucket}`, () => [name, labels(), bucket], 1);
  add(`${name}\u0000sum`, () => [name, labels(), 'sum'], seconds);
  add(`${name}\u0000count`, () => [name, labels(), 'count'], 1);
}

/** Label sets whose fields' JSON is kept; past it all are forgotten at once, and made again as samples come. */
const MAX_LABEL_SETS = 10_000;

function decodeSnapshot(hash: Record<string, string>): RequestMetricsSnapshot {
  const counters: CounterSeries[] = [];
  const histograms = new Map<string, HistogramSeries & { perBucket: number[] }>();
  for (const [encoded, text] of Object.entries(hash)) {
    const field = decodeField(encoded);
    const value = Number(text);
    if (field === undefined || !Number.isFinite(value)) continue;
    const [name, labels, part] = field;
    if (part === 'c') {
      counters.push({ name: name as RequestCounterName, labels, value });
      continue;
    }
    const bounds = REQUEST_HISTOGRAM_BUCKETS[name as RequestHistogramName];
    if (bounds === undefined) continue;
    const seriesKey = JSON.stringify([name, labels]);
    let series = histograms.get(seriesKey);
    if (series === undefined) {
      series = {
        name: name as RequestHistogramName,
        labels,
        cumulative: [],
        sum: 0,
        count: 0,
        perBucket: new Array(bounds.length + 1).fill(0),
      };
      histograms.set(seriesKey, series);
    }
    if (part === 'sum') series.sum = value;
    else if (part === 'count') series.count = value;
    else if (/^b\d+$/.test(part) && Number(part.slice(1)) < series.perBucket.length)
      series.perBucket[Number(part.slice(1))] = value;
  }
  return { counters, histograms: [...histograms.values()].map(accumulate) };
}

function accumulate(series: HistogramSeries & { perBucket: number[] }): HistogramSeries {
  const { perBucket, ...rest } = series;
  let running = 0;
  const cumulative = perBucket.map((count) => {
    running += count;
    return running;
  });
  return { ...rest, cumulative };
}

function decodeField(encoded: string): Field | undefined {
  try {
    const field: unknown = JSON.parse(encoded);
    if (!Array.isArray(field) || field.length !== 3) return undefined;
    const [name, labels, part] = field as unknown[];
    if (typeof name !== 'string' || typeof part !== 'string' || typeof labels !== 'object' || labels === null)
      return undefined;
    return [name, labels as Labels, part];
  } catch {
    return undefined;
  }
}
