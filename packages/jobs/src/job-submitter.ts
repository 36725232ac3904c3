import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { ChatCompletionRequestSchema, EmbeddingsRequestSchema } from '@sluice/providers';
import { JOB_PRIORITY, type ProviderJob, type ProviderQueues, type RequestContext } from '@sluice/queues';
import { planProviderJob, type ResolvedConfig, requestFactsOf } from '@sluice/routing';
import type { JobRecord } from './job-record';
import type { JobStore } from './job-store';
import type { JobSubmission } from './job-submission';
import { newJobRecord } from './new-job-record';
import { generateWebhookSecret, webhookUrlProblem } from './webhook-target';

/** How long an async job may wait in its queue and run before it fails as timed out. */
const JOB_DEADLINE_MS = 24 * 3600_000;

export interface JobSubmitterOptions {
  config: () => GatewayConfig;
  queues: ProviderQueues;
  store: JobStore;
  allowPrivateWebhooks: boolean;
  now?: () => number;
}

export interface JobRequest {
  submission: JobSubmission;
  context: RequestContext;
  configHeader: string | undefined;
  /** The routing config, resolved once by admission; else resolved when the job is planned. */
  resolved?: ResolvedConfig | undefined;
  owner: string;
  idempotencyKey: string | undefined;
  /** A background Responses API request as the client sent it, for accounts that serve it natively. */
  responses?: ProviderJob['responses'];
  /**
   * A background Responses stream: the chat call is streamed and its chunks kept for the stream's readers (JobProgress);
   * `POST /v1/jobs` never sets it, so its jobs stay whole.
   */
  streamed?: true;
}

/** What a submission produced: the job, whether it is new, and the webhook secret when Sluice generated it. */
export interface SubmittedJob {
  record: JobRecord;
  created: boolean;
  generatedSecret: string | undefined;
}

/**
 * Accepts an async job: validates its body for its endpoint, plans its route, records it, then enqueues it under its
 * own id at its priority. A reused Idempotency-Key returns the first job; if that job never reached its queue (the
 * ingress died in between), it is enqueued now — a no-op when it is queued already.
 */
export class JobSubmitter {
  constructor(private readonly options: JobSubmitterOptions) {}

  async submit(request: JobRequest): Promise<SubmittedJob> {
    const { submission } = request;
    const body = validatedBody(submission, request.streamed === true);
    const webhookProblem =
      submission.webhook && webhookUrlProblem(submission.webhook.url, this.options.allowPrivateWebhooks);
    if (webhookProblem) throw new InvalidRequestError(`webhook.url ${webhookProblem}`, { param: 'webhook.url' });
    const now = (this.options.now ?? Date.now)();
    const id = `job_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const context = { ...request.context, requestedModel: String(body.model) };
    const routed = {
      kind: kindOf(submission),
      body,
      stream: request.streamed === true,
      context,
      configHeader: request.configHeader,
      resolved: request.resolved,
      facts: requestFactsOf(body, context),
      responses: request.responses,
    };
    const job = planProviderJob(this.options.config(), routed, {
      mode: 'async',
      receivedAt: now,
      deadlineAt: now + JOB_DEADLINE_MS,
      jobId: id,
    });
    const secret = submission.webhook ? (submission.webhook.secret ?? generateWebhookSecret()) : undefined;
    const webhook = submission.webhook && secret ? { url: submission.webhook.url, secret } : undefined;
    const firstTarget = job.plan[0]?.provider ?? '';
    const { store } = this.options;
    const fresh = {
      id,
      endpoint: submission.endpoint,
      priority: submission.priority,
      requestId: job.requestId,
      owner: request.owner,
      queueProvider: firstTarget,
      createdAt: now,
      metadata: submission.metadata,
      webhook,
    };
    const stored = await store.create(fresh, request.idempotencyKey);
    const record = stored.created ? newJobRecord(fresh) : await store.get(stored.id);
    if (!record)
      throw new InvalidRequestError(`the job for this Idempotency-Key (${stored.id}) has expired; use a new key`, {
        param: 'Idempotency-Key',
      });
    const enqueued = stored.created ? job : { ...job, jobId: record.id, requestId: record.request_id };
    if (stored.created || record.status === 'queued') {
      try {
        await this.options.queues.enqueue(enqueued, JOB_PRIORITY[record.priority], { jobId: record.id });
      } catch (error) {
        if (stored.created) await store.remove(record, request.idempotencyKey).catch(() => undefined);
        throw error;
      }
    }
    return {
      record,
      created: stored.created,
      generatedSecret: stored.created && submission.webhook?.secret === undefined ? secret : undefined,
    };
  }
}

function kindOf(submission: JobSubmission): 'chat' | 'embeddings' {
  return submission.endpoint === '/v1/embeddings' ? 'embeddings' : 'chat';
}

/** The job's body, valid for its endpoint; async jobs store a whole answer, so they never stream. */
function validatedBody(submission: JobSubmission, streamed: boolean): Record<string, unknown> {
  if (submission.body.stream === true && !streamed) {
    throw new InvalidRequestError(
      'body.stream: async jobs are not streamed (the whole answer is stored); remove stream',
      { param: 'body.stream' },
    );
  }
  const schema = submission.endpoint === '/v1/embeddings' ? EmbeddingsRequestSchema : ChatCompletionRequestSchema;
  const parsed = schema.safeParse(submission.body);
  if (!parsed.success)
    throw InvalidRequestError.fromProblems(`${submission.endpoint} body`, zodProblems(parsed.error.issues, 'body'));
  return parsed.data;
}
