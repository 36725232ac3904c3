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
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly options: { flushIntervalMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  async record(samples: readonly RequestMetricSample[]): Promise<void> {
    const add = (field: Field, amount: number) => {
      const encoded = JSON.stringify(field);
      this.pending.set(encoded, (this.pending.get(encoded) ?? 0) + amount);
    };
    for (const sample of samples) addSample(sample, add);
    if (this.pending.size > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush().catch((error: unknown) => this.options.onError?.(error));
      }, this.options.flushIntervalMs ?? 1_000);
      this.timer.unref();
    }
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

function addSample(sample: RequestMetricSample, add: (field: Field, amount: number) => void): void {
  const { provider, model, status, cache } = sample.labels;
  const counter = (name: RequestCounterName, labels: Labels, amount: number) => add([name, labels, 'c'], amount);
  counter('requests_total', { provider, model, status, cache }, 1);
  counter('tokens_total', { provider, model, type: 'prompt' }, sample.promptTokens);
  counter('tokens_total', { provider, model, type: 'completion' }, sample.completionTokens);
  counter('tokens_total', { provider, model, type: 'cached' }, sample.cachedTokens);
  counter('cost_usd_total', { provider, model }, sample.costUsd);
  counter('saved_usd_total', { provider, model }, sample.savedUsd);
  if (cache === 'hit-exact' || cache === 'hit-semantic')
    counter('cache_hits_total', { provider, model, kind: cache.slice(4) }, 1);
  for (const attempt of sample.attempts) counter('upstream_attempts_total', { ...attempt }, 1);
  observe(add, 'request_duration_seconds', { provider, model, status }, sample.latencyMs / 1000);
  if (sample.ttftMs !== null) observe(add, 'time_to_first_token_seconds', { provider, model }, sample.ttftMs / 1000);
  if (sample.queueWaitMs !== null) observe(add, 'queue_wait_seconds', { provider }, sample.queueWaitMs / 1000);
}

function observe(
  add: (field: Field, amount: number) => void,
  name: RequestHistogramName,
  labels: Labels,
  seconds: number,
): void {
  const bounds = REQUEST_HISTOGRAM_BUCKETS[name];
  const index = bounds.findIndex((bound) => seconds <= bound);
  add([name, labels, `b${index === -1 ? bounds.length : index}`], 1);
  add([name, labels, 'sum'], seconds);
  add([name, labels, 'count'], 1);
}

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
