import {
  type CounterSeries,
  type HistogramSeries,
  REQUEST_HISTOGRAM_BUCKETS,
  type RequestCounterName,
  type RequestHistogramName,
  type RequestMetricsSnapshot,
} from '@sluice/queues';
import { Counter, type Registry } from 'prom-client';
import type { SharedLoad } from './shared-load';
import { SnapshotHistogram } from './snapshot-histogram';

const COUNTERS: Record<RequestCounterName, { help: string; labelNames: string[] }> = {
  requests_total: {
    help: 'Completed requests, by provider, model, status and cache outcome.',
    labelNames: ['provider', 'model', 'status', 'cache'],
  },
  tokens_total: {
    help: 'Tokens billed, by provider, model and type (prompt, completion, cached).',
    labelNames: ['provider', 'model', 'type'],
  },
  cost_usd_total: {
    help: 'Cost in USD from the pricing table, by provider and model.',
    labelNames: ['provider', 'model'],
  },
  saved_usd_total: {
    help: 'USD the cache saved (what cache hits would have cost), by provider and model.',
    labelNames: ['provider', 'model'],
  },
  cache_hits_total: {
    help: 'Requests answered from the cache, by provider, model and kind (exact, semantic).',
    labelNames: ['provider', 'model', 'kind'],
  },
  upstream_attempts_total: {
    help: 'Upstream calls, by provider, model and outcome (HTTP status, timeout, network, cancelled, circuit-open).',
    labelNames: ['provider', 'model', 'outcome'],
  },
};

const HISTOGRAMS: Record<RequestHistogramName, { help: string; labelNames: string[] }> = {
  request_duration_seconds: {
    help: 'End-to-end request latency, by provider, model and status.',
    labelNames: ['provider', 'model', 'status'],
  },
  time_to_first_token_seconds: {
    help: 'Time to the first token (or the full answer when not streamed), by provider and model.',
    labelNames: ['provider', 'model'],
  },
  queue_wait_seconds: { help: 'Time jobs waited in their provider queue, by provider.', labelNames: ['provider'] },
};

/**
 * Registers the request metrics every ingress reports identically: counters and histograms read at scrape time
 * from the shared aggregates the logger service keeps (SPEC §4.4 `/metrics`).
 */
export function registerRequestMetrics(registry: Registry, snapshot: SharedLoad<RequestMetricsSnapshot>): void {
  for (const [name, spec] of Object.entries(COUNTERS) as [
    RequestCounterName,
    (typeof COUNTERS)[RequestCounterName],
  ][]) {
    new Counter({
      name: `sluice_${name}`,
      help: spec.help,
      labelNames: spec.labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const series of await seriesOf(snapshot, (current) => current.counters, name, spec.labelNames))
          this.inc(series.labels, series.value);
      },
    });
  }
  for (const [name, spec] of Object.entries(HISTOGRAMS) as [
    RequestHistogramName,
    (typeof HISTOGRAMS)[RequestHistogramName],
  ][]) {
    registry.registerMetric(
      new SnapshotHistogram({
        name: `sluice_${name}`,
        help: spec.help,
        labelNames: spec.labelNames,
        buckets: REQUEST_HISTOGRAM_BUCKETS[name],
        registers: [],
        read: () => seriesOf(snapshot, (current) => current.histograms, name, spec.labelNames),
      }),
    );
  }
}

/** The series of one metric whose labels are exactly the metric's label names (older layouts are skipped). */
async function seriesOf<Series extends CounterSeries | HistogramSeries>(
  snapshot: SharedLoad<RequestMetricsSnapshot>,
  pick: (current: RequestMetricsSnapshot) => Series[],
  name: string,
  labelNames: readonly string[],
): Promise<Series[]> {
  const current = await snapshot.get();
  if (current === undefined) return [];
  return pick(current).filter((series) => {
    const names = Object.keys(series.labels);
    return (
      series.name === name && names.length === labelNames.length && labelNames.every((label) => label in series.labels)
    );
  });
}
