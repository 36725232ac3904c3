import type { HistogramSeries } from '@sluice/queues';
import { Histogram, type HistogramConfiguration, type MetricObject } from 'prom-client';

interface ExportedValue {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

export interface SnapshotHistogramOptions extends Omit<HistogramConfiguration<string>, 'collect' | 'buckets'> {
  buckets: readonly number[];
  /** The series to export at scrape time, with cumulative bucket counts. */
  read(): Promise<HistogramSeries[]>;
}

/**
 * A histogram whose buckets are counted elsewhere (the shared Redis aggregates) and read at scrape time, so every
 * ingress reports the same totals. It exports as a regular Prometheus histogram: `_bucket{le}`, `_sum`, `_count`.
 */
export class SnapshotHistogram extends Histogram<string> {
  private readonly exportName: string;
  private readonly bounds: readonly number[];
  private readonly read: () => Promise<HistogramSeries[]>;
  private readonly labelNameSet: ReadonlySet<string>;

  constructor(options: SnapshotHistogramOptions) {
    const { read, buckets, ...configuration } = options;
    super({ ...configuration, buckets: [...buckets] });
    this.exportName = options.name;
    this.bounds = buckets;
    this.read = read;
    this.labelNameSet = new Set(options.labelNames ?? []);
  }

  override async get() {
    // The registry renders `name`, `help`, `type` and `aggregator` as the base class set them.
    const { name, help, type, aggregator, collect } = this as unknown as MetricObject;
    return { name, help, type, aggregator, collect, values: await this.exportedValues() };
  }

  /** What the registry calls when rendering text; the same values as `get`. */
  async getForPromString() {
    return this.get();
  }

  private async exportedValues(): Promise<ExportedValue[]> {
    const values: ExportedValue[] = [];
    for (const series of await this.read()) {
      const names = Object.keys(series.labels);
      if (names.length !== this.labelNameSet.size || !names.every((name) => this.labelNameSet.has(name))) continue;
      this.bounds.forEach((bound, index) => {
        values.push({
          metricName: `${this.exportName}_bucket`,
          labels: { ...series.labels, le: bound },
          value: series.cumulative[index] ?? 0,
        });
      });
      values.push({
        metricName: `${this.exportName}_bucket`,
        labels: { ...series.labels, le: '+Inf' },
        value: series.count,
      });
      values.push({ metricName: `${this.exportName}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${this.exportName}_count`, labels: series.labels, value: series.count });
    }
    return values;
  }
}
