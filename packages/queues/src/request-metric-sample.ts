import type { CompletionEvent } from './completion-event';

/**
 * The labels of a completed request's metrics. Every value must come from a bounded set (configured providers,
 * known model names, the event's enums), never from free-form input such as a user id or a property.
 */
export interface RequestMetricLabels {
  provider: string;
  model: string;
  status: CompletionEvent['status'];
  cache: CompletionEvent['cache'];
}

/** One upstream attempt, labelled: `outcome` is an HTTP status, `timeout`, `network` or `cancelled`. */
export interface AttemptMetricLabels {
  provider: string;
  model: string;
  outcome: string;
}

/** What one completed request adds to the shared aggregates. */
export interface RequestMetricSample {
  labels: RequestMetricLabels;
  latencyMs: number;
  ttftMs: number | null;
  queueWaitMs: number | null;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd: number;
  savedUsd: number;
  attempts: AttemptMetricLabels[];
}

export type RequestCounterName =
  | 'requests_total'
  | 'tokens_total'
  | 'cost_usd_total'
  | 'saved_usd_total'
  | 'cache_hits_total'
  | 'upstream_attempts_total';

export type RequestHistogramName = 'request_duration_seconds' | 'time_to_first_token_seconds' | 'queue_wait_seconds';

/** Upper bounds (seconds) of each histogram's buckets; `+Inf` is implied. */
export const REQUEST_HISTOGRAM_BUCKETS: Readonly<Record<RequestHistogramName, readonly number[]>> = {
  request_duration_seconds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
  time_to_first_token_seconds: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  queue_wait_seconds: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
};

export interface CounterSeries {
  name: RequestCounterName;
  labels: Record<string, string>;
  value: number;
}

export interface HistogramSeries {
  name: RequestHistogramName;
  labels: Record<string, string>;
  /** Cumulative counts, one per bound of REQUEST_HISTOGRAM_BUCKETS[name], then `+Inf` (equal to `count`). */
  cumulative: number[];
  sum: number;
  count: number;
}

/** Every aggregate, as read at one moment. */
export interface RequestMetricsSnapshot {
  counters: CounterSeries[];
  histograms: HistogramSeries[];
}
