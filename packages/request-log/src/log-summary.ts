import type { SummaryGroupBy } from './log-query-schemas';

/** One group in one time bucket of the analytics summary. */
export interface SummaryRow {
  /** Start of the bucket, UTC, ISO 8601. */
  bucket: string;
  /** The model, provider, user or property value; null for rows without one, for "other", or when not grouped. */
  group: string | null;
  /** Present (true) on the row adding up the groups beyond the summary's `limit` in this bucket. */
  other?: true;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  cost_usd: number;
  saved_usd: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_p99_ms: number | null;
  cache_hits: number;
  /** Requests that looked the cache up (cache not `off`). */
  cache_lookups: number;
  /** cache_hits / cache_lookups; null when nothing looked the cache up. */
  cache_hit_rate: number | null;
}

export interface LogSummary {
  from: string;
  to: string;
  interval: 'minute' | 'hour' | 'day';
  group_by: SummaryGroupBy | null;
  /** Groups kept (with group_by): those with the most requests in the window; the rest are the `other` rows. */
  limit: number | null;
  data: SummaryRow[];
}
