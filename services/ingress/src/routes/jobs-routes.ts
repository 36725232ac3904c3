import type { AsyncWork } from '@sluice/batches';
import { NotFoundError } from '@sluice/errors';
import {
  cancelJob,
  isTerminal,
  JobGetQuerySchema,
  JobListQuerySchema,
  type JobRecord,
  JobSubmissionSchema,
  toJobView,
} from '@sluice/jobs';
import { parseInput } from '@sluice/json-input';
import { type Request, Router } from 'express';
import { idempotencyKeyOf } from '../async/idempotency-key-of';
import { listPage } from '../async/list-page';
import { isVisible, requestOwner } from '../async/request-owner';
import type { ServeCall } from '../governance/admission/admission';
import { readRequestContext } from '../read-request-context';

/** POST /v1/jobs (SPEC §4.2): 202 with the queued job, or 200 with the job an Idempotency-Key already names. */
export function submitJobRoute(work: AsyncWork): ServeCall {
  return async (request, response, admission) => {
    const submission = parseInput(JobSubmissionSchema, request.body, 'job');
    const { owner } = requestOwner(request);
    const context = readRequestContext(request, String(submission.body.model ?? ''), admission);
    const submitted = await work.submitter.submit({
      submission,
      context,
      configHeader: admission.configHeader,
      resolved: admission.resolved,
      owner,
      idempotencyKey: idempotencyKeyOf(request),
    });
    const view = toJobView(submitted.record);
    const webhook =
      view.webhook && submitted.generatedSecret ? { ...view.webhook, secret: submitted.generatedSecret } : view.webhook;
    response.setHeader('x-sluice-request-id', submitted.record.request_id);
    response.status(submitted.created ? 202 : 200).json({ ...view, webhook });
    // A reused Idempotency-Key names a job admitted before: this request's holds are nobody's to settle.
    return submitted.created ? 'enqueued' : 'answered';
  };
}

/** SPEC §4.2, mounted at /v1/jobs: read (long-polling), list and cancel async jobs, and list their webhook deliveries. */
export function jobsRoutes(work: AsyncWork): Router {
  const router = Router();
  router.get('/', async (request, response) => {
    const query = parseInput(JobListQuerySchema, request.query, 'job list query');
    const page = await work.jobs.list({ ...query, owner: requestOwner(request).owner });
    response.json(listPage(page.records.map(toJobView), page.hasMore));
  });
  router.get('/:id', async (request, response) => {
    const { wait } = parseInput(JobGetQuerySchema, request.query, 'job query');
    let record = await visibleJob(work, request);
    if (wait > 0 && !isTerminal(record.status)) {
      const waiter = work.settled.wait(record.id, wait * 1000);
      response.on('close', waiter.cancel);
      record = await visibleJob(work, request);
      if (isTerminal(record.status)) waiter.cancel();
      await waiter.settled;
      record = await visibleJob(work, request);
    }
    response.json(toJobView(record));
  });
  router.post('/:id/cancel', async (request, response) => {
    const record = await visibleJob(work, request);
    response.json(toJobView(await cancelJob(work, record)));
  });
  router.get('/:id/deliveries', async (request, response) => {
    const record = await visibleJob(work, request);
    const attempts = await work.deliveries.list(record.id);
    response.json({ object: 'list', data: attempts, has_more: false });
  });
  return router;
}

async function visibleJob(work: AsyncWork, request: Request): Promise<JobRecord> {
  const id = String(request.params.id);
  const record = await work.jobs.get(id);
  if (!record || !isVisible(record.owner, requestOwner(request).scope))
    throw new NotFoundError(
      `No job found with id '${id}' (jobs are kept for SLUICE_JOB_RETENTION_S).`,
      'job_not_found',
    );
  return record;
}
