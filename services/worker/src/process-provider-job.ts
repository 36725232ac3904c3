import { type ProviderJob, ProviderJobSchema } from '@sluice/queues';
import { internalFailure } from './internal-failure';
import { type JobRunnerDependencies, type JobRunResult, runProviderJob } from './run-provider-job';

/** A run that ended in a deferral: the job as it ran and what to put back. */
export interface DeferredJob {
  job: ProviderJob;
  deferral: Extract<JobRunResult, { kind: 'deferred' }>;
}

/**
 * One provider job as a BullMQ worker runs it (docs/sync-handoff.md): the payload, read from Redis, re-validated, then
 * run (runReceivedJob). A deferral is returned for the caller to put back; a failure of Sluice's own is answered to the
 * client, then thrown.
 */
export async function processProviderJob(
  data: unknown,
  jobId: string | undefined,
  providerId: string,
  dependencies: JobRunnerDependencies,
): Promise<DeferredJob | undefined> {
  const parsed = ProviderJobSchema.safeParse(data);
  if (!parsed.success) {
    dependencies.logger.error(
      { jobId, provider: providerId, issues: parsed.error.issues.slice(0, 5) },
      'dropping a malformed provider job',
    );
    return undefined;
  }
  return runReceivedJob(parsed.data, jobId, providerId, dependencies);
}

/**
 * A valid provider job as every worker runs it, from BullMQ or handed off by the ingress of its process: a cancelled or
 * settled job skipped, the job run; a deferral is returned for the caller to put back. A failure of Sluice's own is
 * answered to the client, then thrown.
 */
export async function runReceivedJob(
  job: ProviderJob,
  jobId: string | undefined,
  providerId: string,
  dependencies: JobRunnerDependencies,
): Promise<DeferredJob | undefined> {
  if ((await dependencies.delivery.started?.(job)) === 'skip') {
    dependencies.logger.debug(
      { requestId: job.requestId, jobId, provider: providerId },
      'provider job skipped: cancelled or already settled',
    );
    return undefined;
  }
  let result: JobRunResult;
  try {
    result = await runProviderJob(job, jobId, dependencies);
  } catch (error) {
    await answerInternalFailure(job, error, dependencies);
    throw error;
  }
  dependencies.logger.debug({ requestId: job.requestId, jobId, provider: providerId }, 'provider job finished');
  return result.kind === 'deferred' ? { job, deferral: result } : undefined;
}

/** The job as it goes back to its queue after a deferral: its attempt history kept, a counted deferral added. */
export function putBackData({ job, deferral }: DeferredJob): ProviderJob {
  return { ...job, attempts: deferral.attempts, deferrals: job.deferrals + (deferral.counted ? 1 : 0) };
}

/** Bounds on how long one deferral pauses an account's queue, whatever Retry-After says. */
const MIN_PAUSE_MS = 50;
const MAX_PAUSE_MS = 60_000;

/** How long a deferral pauses its account. */
export function pauseMsOf({ deferral }: DeferredJob): number {
  return Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, Math.ceil(deferral.delayMs)));
}

/**
 * A job that failed for a reason of Sluice's own (Redis, most likely) still gets an answer, so no client waits out
 * its deadline: a 500, or a 503 when Redis is unreachable, naming the request id; the cause is only logged.
 */
async function answerInternalFailure(
  job: ProviderJob,
  error: unknown,
  dependencies: JobRunnerDependencies,
): Promise<void> {
  const failure = internalFailure(job.requestId, error);
  dependencies.logger.error(
    { err: error, requestId: job.requestId, status: failure.status },
    'provider job failed on an internal error',
  );
  await dependencies.delivery
    .failed(job, failure, job.attempts)
    .catch((deliveryError: unknown) =>
      dependencies.logger.error(
        { err: deliveryError, requestId: job.requestId },
        'could not deliver the internal error reply',
      ),
    );
}
