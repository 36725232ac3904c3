import { InvalidRequestError } from '@sluice/errors';
import {
  cancelJob,
  isTerminal,
  type JobCancellation,
  type JobProgress,
  type JobRecord,
  type JobSubmitter,
} from '@sluice/jobs';
import {
  type ChatCompletion,
  type ChatCompletionRequest,
  derivedItemIds,
  fromChatCompletion,
  type ResponseObject,
  type ResponseStatus,
  type ToolName,
} from '@sluice/providers';
import type { RequestContext } from '@sluice/queues';
import type { ResolvedConfig } from '@sluice/routing';
import type { ResponseStore, StoredResponse } from './response-store';

/** The async jobs background responses run as: submitted, read, followed as they stream, cancelled. */
export interface BackgroundJobs extends JobCancellation {
  submitter: JobSubmitter;
  progress: JobProgress;
}

export interface BackgroundRequest {
  /** The request's context for the log (its key, holds, headers), as admission left it. */
  context: RequestContext;
  /** The config the request routes by, as admission resolved it. */
  configHeader: string | undefined;
  resolved: ResolvedConfig | undefined;
  /** The queued response: its id, created_at and what it echoes. */
  shell: ResponseObject;
  chat: ChatCompletionRequest;
  nativeBody: Record<string, unknown>;
  toolNames: ReadonlyMap<string, ToolName>;
  record: Omit<StoredResponse, 'response' | 'background'>;
  logProperties: Record<string, string>;
  /** `stream: true` as well: the chat call is streamed and its chunks kept, for streamBackgroundResponse. */
  streamed: boolean;
}

const FINISHED: readonly ResponseStatus[] = ['completed', 'incomplete', 'failed', 'cancelled'];

/**
 * `background: true`: the response runs as a durable async job (SPEC §4.2) on whichever account the config routes
 * it to, and is stored at once as `queued`; GET reads the job's progress into it. See docs/responses-api.md.
 */
export async function startBackgroundResponse(
  work: BackgroundJobs | undefined,
  store: ResponseStore,
  background: BackgroundRequest,
): Promise<ResponseObject> {
  if (!work) throw new InvalidRequestError('This gateway runs no async jobs, so `background` is not available.');
  const { chat, streamed, context } = background;
  const submitted = await work.submitter.submit({
    submission: {
      endpoint: '/v1/chat/completions',
      body: streamed
        ? { ...chat, stream: true, stream_options: { include_usage: true } }
        : { ...chat, stream: false, stream_options: undefined },
      metadata: { response_id: background.shell.id },
      priority: 'normal',
    },
    context: { ...context, properties: { ...context.properties, ...background.logProperties } },
    configHeader: background.configHeader,
    resolved: background.resolved,
    owner: background.record.owner,
    idempotencyKey: undefined,
    responses: { body: { ...background.nativeBody, stream: false, background: false } },
    ...(streamed ? { streamed: true as const } : {}),
  });
  const queued: ResponseObject = { ...background.shell, status: 'queued', background: true };
  await store.save({
    ...background.record,
    response: queued,
    background: { jobId: submitted.record.id, toolNames: [...background.toolNames] },
  });
  return queued;
}

/** A stored response as it stands: a background one still running is brought up to date from its job. */
export async function currentResponse(
  work: BackgroundJobs | undefined,
  store: ResponseStore,
  stored: StoredResponse,
): Promise<ResponseObject> {
  if (!work || !stored.background || FINISHED.includes(stored.response.status)) return stored.response;
  const job = await work.jobs.get(stored.background.jobId);
  if (!job) return stored.response;
  const response = responseOfJob(stored, job);
  if (isTerminal(job.status)) await store.save({ ...stored, response });
  return response;
}

/** POST /v1/responses/{id}/cancel: a queued or running background response is cancelled with its job. */
export async function cancelBackgroundResponse(
  work: BackgroundJobs | undefined,
  store: ResponseStore,
  stored: StoredResponse,
): Promise<ResponseObject> {
  if (!stored.background) throw new InvalidRequestError('Only background responses can be cancelled.');
  const current = await currentResponse(work, store, stored);
  if (!work || FINISHED.includes(current.status)) return current;
  const job = await work.jobs.get(stored.background.jobId);
  const settled = job ? await cancelJob(work, job) : undefined;
  const response = settled ? responseOfJob(stored, settled) : { ...current, status: 'cancelled' as const };
  await store.save({ ...stored, response });
  return response;
}

function responseOfJob(stored: StoredResponse, job: JobRecord): ResponseObject {
  const shell = stored.response;
  if (job.status === 'queued') return { ...shell, status: 'queued' };
  if (job.status === 'running') return { ...shell, status: 'in_progress' };
  if (job.status === 'cancelled') return { ...shell, status: 'cancelled' };
  if (job.status === 'failed' || job.result === undefined) {
    const error = { code: job.error?.code ?? 'upstream_error', message: job.error?.message ?? 'The response failed.' };
    return { ...shell, status: 'failed', error };
  }
  const answer = JSON.parse(job.result) as ChatCompletion | ResponseObject;
  if (answer.object === 'response') return { ...answer, id: shell.id, background: true };
  return fromChatCompletion(answer, shell, new Map(stored.background?.toolNames ?? []), derivedItemIds(shell.id));
}
