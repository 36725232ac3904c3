export { createMetricsRegistry, type MetricsRegistryOptions } from './create-metrics-registry';
