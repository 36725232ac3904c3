import type { RedisClient } from './redis-client';
import {
  type AttemptMetricLabels,
  type CounterSeries,
  type HistogramSeries,
  REQUEST_HISTOGRAM_BUCKETS,
  type RequestCounterName,
  type RequestHistogramName,
  type RequestMetricLabels,
  type RequestMetricSample,
  type RequestMetricsSnapshot,
} from './request-metric-sample';

type Labels = Record<string, string>;
/** A hash field: the metric, its labels, and which part (`c` a counter, `b<i>` a bucket, `sum`, `count`). */
type Field = [string, Labels, string];

/** A hash field as the JSON text of its Field. */
function encodeField(name: string, labels: Labels, part: string): string {
  return JSON.stringify([name, labels, part] satisfies Field);
}

/** A histogram's hash fields for one set of labels: one per bucket (the last is `+Inf`), its sum and its count. */
interface HistogramFields {
  bounds: readonly number[];
  buckets: string[];
  sum: string;
  count: string;
}

function histogramFields(name: RequestHistogramName, labels: Labels): HistogramFields {
  const bounds = REQUEST_HISTOGRAM_BUCKETS[name];
  return {
    bounds,
    buckets: Array.from({ length: bounds.length + 1 }, (_, index) => encodeField(name, labels, `b${index}`)),
    sum: encodeField(name, labels, 'sum'),
    count: encodeField(name, labels, 'count'),
  };
}

/** Every hash field a request with these labels adds to, but its attempts'. */
interface RequestFields {
  requests: string;
  promptTokens: string;
  completionTokens: string;
  cachedTokens: string;
  costUsd: string;
  savedUsd: string;
  cacheHits: string | undefined;
  duration: HistogramFields;
  timeToFirstToken: HistogramFields;
  queueWait: HistogramFields;
}

function requestFields({ provider, model, status, cache }: RequestMetricLabels): RequestFields {
  const counter = (name: RequestCounterName, labels: Labels) => encodeField(name, labels, 'c');
  const tokens = (type: string) => counter('tokens_total', { provider, model, type });
  return {
    requests: counter('requests_total', { provider, model, status, cache }),
    promptTokens: tokens('prompt'),
    completionTokens: tokens('completion'),
    cachedTokens: tokens('cached'),
    costUsd: counter('cost_usd_total', { provider, model }),
    savedUsd: counter('saved_usd_total', { provider, model }),
    cacheHits:
      cache === 'hit-exact' || cache === 'hit-semantic'
        ? counter('cache_hits_total', { provider, model, kind: cache.slice(4) })
        : undefined,
    duration: histogramFields('request_duration_seconds', { provider, model, status }),
    timeToFirstToken: histogramFields('time_to_first_token_seconds', { provider, model }),
    queueWait: histogramFields('queue_wait_seconds', { provider }),
  };
}

/** Past this many label sets the encodings are dropped and built again: labels come from bounded sets anyway. */
const MAX_ENCODED_LABEL_SETS = 10_000;

/**
 * The hash fields of each label set, encoded the first time it is seen: encoding every field of every sample (16
 * JSON.stringify calls a request) was most of what recording a request cost the logger.
 */
class EncodedFields {
  private readonly requests = new Map<string, RequestFields>();
  private readonly attempts = new Map<string, string>();

  forRequest(labels: RequestMetricLabels): RequestFields {
    const key = `${labels.provider}\n${labels.model}\n${labels.status}\n${labels.cache}`;
    return remembered(this.requests, key, () => requestFields(labels));
  }

  forAttempt(attempt: AttemptMetricLabels): string {
    const key = `${attempt.provider}\n${attempt.model}\n${attempt.outcome}`;
    return remembered(this.attempts, key, () =>
      encodeField(
        'upstream_attempts_total',
        { provider: attempt.provider, model: attempt.model, outcome: attempt.outcome },
        'c',
      ),
    );
  }
}

function remembered<Value>(map: Map<string, Value>, key: string, build: () => Value): Value {
  const known = map.get(key);
  if (known !== undefined) return known;
  if (map.size >= MAX_ENCODED_LABEL_SETS) map.clear();
  const value = build();
  map.set(key, value);
  return value;
}

/**
 * Per provider and model aggregates of completed requests, kept in one Redis hash so every process sees the same
 * totals: whichever service records them (the logger, from completion events) and whichever serves `/metrics`.
 * Samples are merged in memory and flushed as one HINCRBYFLOAT per distinct field, in one round trip, at most once
 * per `flushIntervalMs` — a crash loses at most that window of counts and never counts anything twice.
 */
export class RequestMetricsStore {
  private pending = new Map<string, number>();
  private readonly fields = new EncodedFields();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly options: { flushIntervalMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  async record(samples: readonly RequestMetricSample[]): Promise<void> {
    for (const sample of samples) this.addSample(sample);
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

  private addSample(sample: RequestMetricSample): void {
    const fields = this.fields.forRequest(sample.labels);
    this.add(fields.requests, 1);
    this.add(fields.promptTokens, sample.promptTokens);
    this.add(fields.completionTokens, sample.completionTokens);
    this.add(fields.cachedTokens, sample.cachedTokens);
    this.add(fields.costUsd, sample.costUsd);
    this.add(fields.savedUsd, sample.savedUsd);
    if (fields.cacheHits !== undefined) this.add(fields.cacheHits, 1);
    for (const attempt of sample.attempts) this.add(this.fields.forAttempt(attempt), 1);
    this.observe(fields.duration, sample.latencyMs / 1000);
    if (sample.ttftMs !== null) this.observe(fields.timeToFirstToken, sample.ttftMs / 1000);
    if (sample.queueWaitMs !== null) this.observe(fields.queueWait, sample.queueWaitMs / 1000);
  }

  private observe(histogram: HistogramFields, seconds: number): void {
    const index = histogram.bounds.findIndex((bound) => seconds <= bound);
    this.add(histogram.buckets[index === -1 ? histogram.bounds.length : index] as string, 1);
    this.add(histogram.sum, seconds);
    this.add(histogram.count, 1);
  }

  private add(field: string, amount: number): void {
    this.pending.set(field, (this.pending.get(field) ?? 0) + amount);
  }
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
