/**
 * One load run with autocannon's programmatic API: a fixed number of connections for a fixed time or a fixed
 * number of requests, always bounded in time. Latency percentiles come from each 2xx response's own
 * high-resolution timing (autocannon's histogram keeps whole milliseconds only).
 */
import autocannon from 'autocannon';
import { round } from './scenario-report';

export interface LoadOptions {
  url: string;
  connections: number;
  body: string;
  headers?: Record<string, string>;
  /** Time-bounded run, in seconds. */
  durationS?: number;
  /** Count-bounded run: this many requests in all, spread over the connections. */
  amount?: number;
  /** Per-request timeout, in seconds. */
  timeoutS?: number;
  /** A count-bounded run is stopped after this many seconds whatever is left. */
  maxDurationS?: number;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as answers come. */
  overallRate?: number;
}

export interface LoadResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
  /** From the start to the last response (count-bounded) or the run's duration (time-bounded). */
  elapsedS: number;
  /** 2xx responses per second of `elapsedS`. */
  okPerS: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Every 2xx response's latency, ascending. */
  latenciesMs: number[];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.durationS ?? 10 } : { amount: options.amount }),
    timeout: options.timeoutS ?? 30,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    lastResponseAt = performance.now();
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const limitS = options.maxDurationS ?? (options.durationS ?? 10) + 60;
  const guard = setTimeout(() => instance.stop(), limitS * 1000);
  let result: autocannon.Result;
  try {
    result = await instance;
  } finally {
    clearTimeout(guard);
  }
  const elapsedS = options.amount === undefined ? result.duration : (lastResponseAt - startedAt) / 1000;
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]),
  );
  const counts = {
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  return summarise({ ...counts, statusCounts, elapsedS }, latencies);
}

type LoadCounts = Pick<LoadResult, 'sent' | 'ok' | 'non2xx' | 'errors' | 'timeouts' | 'statusCounts' | 'elapsedS'>;

function summarise(counts: LoadCounts, latencies: number[]): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    ...counts,
    elapsedS: round(counts.elapsedS, 3),
    okPerS: counts.elapsedS > 0 ? round(counts.ok / counts.elapsedS, 1) : 0,
    p50Ms: round(percentile(latencies, 0.5), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    meanMs: round(
      latencies.length === 0 ? Number.NaN : latencies.reduce((sum, value) => sum + value, 0) / latencies.length,
      3,
    ),
    latenciesMs: latencies,
  };
}

/** Several runs against one target taken as one: counts and durations add up, latencies pool. */
export function combineLoads(loads: LoadResult[]): LoadResult {
  const statusCounts: Record<string, number> = {};
  for (const load of loads) {
    for (const [status, count] of Object.entries(load.statusCounts))
      statusCounts[status] = (statusCounts[status] ?? 0) + count;
  }
  const total = (pick: (load: LoadResult) => number): number => loads.reduce((sum, load) => sum + pick(load), 0);
  return summarise(
    {
      sent: total((load) => load.sent),
      ok: total((load) => load.ok),
      non2xx: total((load) => load.non2xx),
      errors: total((load) => load.errors),
      timeouts: total((load) => load.timeouts),
      statusCounts,
      elapsedS: total((load) => load.elapsedS),
    },
    loads.flatMap((load) => load.latenciesMs),
  );
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
