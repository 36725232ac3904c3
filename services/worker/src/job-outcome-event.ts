import type { SluiceError } from '@sluice/errors';
import type { Usage } from '@sluice/providers';
import {
  type Attempt,
  type CompletionEventInput,
  contextEventFields,
  JsonText,
  type MediaUsage,
  type ProviderJob,
  usageEventFields,
} from '@sluice/queues';
import { cacheColumnOf, cacheStoreOf, nativeResponsesCacheStoreOf } from './cache-store-of';
import type { NativeResponsesCacheEntry } from './call-outcome';

export interface JobOutcome {
  job: ProviderJob;
  jobId: string | undefined;
  attempts: Attempt[];
  startedAt: number;
  completedAt: number;
  provider: string | null;
  servedModel: string | null;
  usage: Usage | undefined;
  ttftMs: number | undefined;
  responseBody: string | undefined;
  /** For a stream: the ChatCompletion its chunks amount to (logged as the response; stored by the response cache). */
  streamedBody?: string | undefined;
  /** The response (`responseBody`, else `streamedBody`) is JSON text, carried into the event as it is (CallOutcome). */
  loggedAsJson?: boolean;
  /** A forwarded answer as the provider sent it (stored by the response cache with its OpenAI form). */
  nativeBody?: string | undefined;
  error: SluiceError | undefined;
  cancelled: boolean;
  /** `responses`: a native Responses answer, stored by the response cache only as `cacheEntry` (keyed as it came). */
  dialect?: 'responses' | undefined;
  cacheEntry?: NativeResponsesCacheEntry | undefined;
  /** What a media answer is billed by. */
  mediaUsage?: MediaUsage | undefined;
}

/** The SPEC §7 record of a finished provider job. */
export function jobOutcomeEvent(outcome: JobOutcome): CompletionEventInput {
  const { job, usage, error } = outcome;
  const responseText = outcome.responseBody ?? outcome.streamedBody;
  const context = job.context;
  const event: CompletionEventInput = {
    id: job.requestId,
    created_at: new Date(job.receivedAt).toISOString(),
    mode: job.mode,
    job_id: job.jobId ?? (job.mode === 'sync' ? null : (outcome.jobId ?? null)),
    batch_id: job.batchLine?.batchId ?? null,
    config_id: context.configId ?? null,
    admission_id: context.admissionId,
    endpoint: job.kind,
    served_model: outcome.servedModel,
    provider: outcome.provider,
    status: outcome.cancelled ? 'cancelled' : error ? 'error' : 'success',
    http_status: outcome.cancelled ? 499 : (error?.status ?? 200),
    error: error?.message ?? null,
    attempts: outcome.attempts,
    ...usageEventFields(usage),
    ...(outcome.mediaUsage === undefined ? {} : { media_usage: outcome.mediaUsage }),
    latency_ms: outcome.completedAt - job.receivedAt,
    ttft_ms: outcome.ttftMs ?? null,
    queue_wait_ms: Math.max(0, outcome.startedAt - job.enqueuedAt),
    cache: cacheColumnOf(job),
    ...contextEventFields(context),
    ...(context.omitBodies ? {} : requestBodiesOf(job, outcome.dialect === 'responses')),
    response_body:
      context.omitBodies || responseText === undefined
        ? undefined
        : outcome.loggedAsJson
          ? new JsonText(responseText)
          : safeJson(responseText),
  };
  const cacheStore =
    outcome.dialect === 'responses'
      ? nativeResponsesCacheStoreOf(job, outcome.cacheEntry, event)
      : cacheStoreOf(
          job,
          { response: outcome.responseBody ?? outcome.streamedBody, native: outcome.nativeBody },
          event,
        );
  return cacheStore ? { ...event, cache_store: cacheStore } : event;
}

/**
 * The bodies the log keeps (docs/request-log.md): the one the client sent, in its own dialect, and the job's canonical
 * body when that is a translation of it — not when the job's body is only the fields Sluice reads (`loggedAsSent`),
 * nor for a Responses request an account answered natively (`nativeResponses`). A canonical body the job carries as
 * text (`bodyText`: the client's, or a Responses request's translation) goes on as that text.
 */
function requestBodiesOf(
  job: ProviderJob,
  nativeResponses: boolean,
): Pick<CompletionEventInput, 'request_body' | 'translated_request_body'> {
  const sent = job.native ?? job.forwarded;
  if (sent) {
    const request_body = sentBodyOf(sent.body);
    return sent.loggedAsSent ? { request_body } : { request_body, translated_request_body: job.body };
  }
  if (job.responses) {
    const request_body = job.responses.body;
    return nativeResponses ? { request_body } : { request_body, translated_request_body: canonicalBodyText(job) };
  }
  return { request_body: canonicalBodyText(job) };
}

/** The job's canonical body, as the JSON text it carries it as (`bodyText`) when it does. */
function canonicalBodyText(job: ProviderJob): unknown {
  return job.bodyText === undefined ? job.body : new JsonText(job.bodyText);
}

/**
 * A body forwarded as it came, as the JSON text it is: the ingress read it with the JSON body parser, which takes
 * nothing but JSON — or, for a body of only whitespace, nothing, which is logged as that text. It goes into the event
 * as it came, never parsed or serialised again (on a 45 KB conversation, a JSON.parse and a JSON.stringify).
 */
function sentBodyOf(text: string): unknown {
  return NOT_WHITESPACE.test(text) ? new JsonText(text) : text;
}

const NOT_WHITESPACE = /\S/;

/** An answer not known to be JSON (a transcription in `text` or `srt` format is not): parsed when it is JSON. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
