import type { QueueState } from '@sluice/queues';
import { Gauge, type Registry } from 'prom-client';
import type { SharedLoad } from './shared-load';

const JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active'] as const;

/** Gauges of each configured provider queue, read from BullMQ at scrape time: depth, pause and rate-limit state. */
export function registerQueueMetrics(registry: Registry, states: SharedLoad<QueueState[]>): void {
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    fill: (gauge: Gauge<string>, state: QueueState) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const state of (await states.get()) ?? []) fill(this, state);
      },
    });
  gauge('sluice_queue_jobs', 'Jobs in each provider queue, by state.', ['provider', 'state'], (metric, state) => {
    for (const jobState of JOB_STATES) metric.set({ provider: state.provider, state: jobState }, state[jobState]);
  });
  gauge(
    'sluice_queue_depth',
    'Jobs waiting to run (waiting, prioritized and delayed) in each provider queue.',
    ['provider'],
    (metric, state) => {
      metric.set({ provider: state.provider }, state.waiting + state.prioritized + state.delayed);
    },
  );
  gauge('sluice_queue_paused', '1 while a provider queue is paused.', ['provider'], (metric, state) => {
    metric.set({ provider: state.provider }, state.paused ? 1 : 0);
  });
  gauge(
    'sluice_provider_rate_limited',
    '1 while a provider account is held back by its rate limit or a provider 429.',
    ['provider'],
    (metric, state) => {
      metric.set({ provider: state.provider }, state.rate_limited_ms > 0 ? 1 : 0);
    },
  );
  gauge(
    'sluice_provider_rate_limit_remaining_seconds',
    'Seconds until a rate-limited provider account may run jobs again.',
    ['provider'],
    (metric, state) => {
      metric.set({ provider: state.provider }, state.rate_limited_ms / 1000);
    },
  );
}
