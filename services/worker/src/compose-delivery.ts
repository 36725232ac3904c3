import type { JobDelivery } from './job-delivery';

/** One delivery per job mode; the worker calls this one and it forwards by `job.mode`. */
export function composeDelivery(byMode: { sync: JobDelivery; async: JobDelivery; batch: JobDelivery }): JobDelivery {
  const pick = (mode: keyof typeof byMode) => byMode[mode];
  return {
    started: async (job) => (await pick(job.mode).started?.(job)) ?? 'run',
    streamStarted: (job, start) => pick(job.mode).streamStarted(job, start),
    chunks: (job, data) => pick(job.mode).chunks(job, data),
    streamEnded: (job, result) => pick(job.mode).streamEnded(job, result),
    succeeded: (job, result) => pick(job.mode).succeeded(job, result),
    failed: (job, error, attempts) => pick(job.mode).failed(job, error, attempts),
  };
}
