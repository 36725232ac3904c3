import { type ProviderQueues, type RequestMetricsStore, readQueueStates } from '@sluice/queues';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { registerQueueMetrics } from './queue-metrics-collectors';
import { registerRequestMetrics } from './request-metrics-collectors';
import { SharedLoad } from './shared-load';

export interface MetricsRegistryOptions {
  requestMetrics: RequestMetricsStore;
  queues: ProviderQueues;
  providerIds: () => string[];
}

/**
 * The registry `/metrics` renders: request metrics from the shared aggregates, queue gauges from BullMQ, and this
 * process's own runtime metrics. Labels are providers, models, statuses and cache outcomes only — never a user,
 * a property or any other free-form value.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  const snapshot = new SharedLoad(() => options.requestMetrics.snapshot());
  const states = new SharedLoad(() => readQueueStates(options.queues, options.providerIds()));
  registerRequestMetrics(registry, snapshot);
  registerQueueMetrics(registry, states);
  new Gauge({
    name: 'sluice_metrics_source_up',
    help: '1 when the shared aggregates (Redis) could be read for this scrape.',
    labelNames: ['source'],
    registers: [registry],
    async collect() {
      const [requests, queues] = await Promise.all([snapshot.get(), states.get()]);
      this.set({ source: 'requests' }, requests === undefined ? 0 : 1);
      this.set({ source: 'queues' }, queues === undefined ? 0 : 1);
    },
  });
  collectDefaultMetrics({ register: registry });
  return registry;
}
