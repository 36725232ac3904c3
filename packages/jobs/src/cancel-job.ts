import { ConflictError } from '@sluice/errors';
import type { CancelPublisher, ProviderQueues } from '@sluice/queues';
import type { JobRecord } from './job-record';
import type { JobStore } from './job-store';

/** What cancelling a job touches: its record, its provider queue, and the running call's cancel channel. */
export interface JobCancellation {
  jobs: JobStore;
  queues: ProviderQueues;
  cancels: CancelPublisher;
}

/**
 * Cancels a job: a queued one is marked cancelled and taken out of its queue (a worker that still picks it up skips
 * it); a running one is marked cancelled and its upstream call aborted. A finished job is a 409.
 */
export async function cancelJob(work: JobCancellation, record: JobRecord): Promise<JobRecord> {
  const transition = await work.jobs.cancel(record.id);
  if (transition.kind === 'unchanged' && transition.current !== 'cancelled') {
    throw new ConflictError(
      `Job ${record.id} already ${transition.current}; only a queued or running job can be cancelled.`,
      'job_not_cancellable',
    );
  }
  if (transition.kind === 'moved' && transition.previous === 'queued') {
    await work.queues
      .queueFor(record.queue_provider)
      .remove(record.id)
      .catch(() => undefined);
  }
  if (transition.kind === 'moved' && transition.previous === 'running') await work.cancels.cancel(record.request_id);
  return (await work.jobs.get(record.id)) ?? record;
}
