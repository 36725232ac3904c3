import type { SluiceError } from '@sluice/errors';
import type { CompletionEventInput } from './completion-event';
import { contextEventFields, usageEventFields } from './completion-event-fields';
import type { RequestContext } from './provider-job';

/** Longest error text a refused request is logged with. */
const MAX_ERROR_TEXT = 2_000;
const REDACTED = '[redacted]';
/** Shorter credentials are not struck out: they are no real key, and would garble the text. */
const MIN_REDACTED_LENGTH = 8;

/** A refused model call as the log records it: how it would have been served, and the model its body names. */
export interface RejectedCall {
  mode: 'sync' | 'async';
  endpoint: CompletionEventInput['endpoint'];
  /** The body's `model` (the job's `body.model` for /v1/jobs); '' when there is none. */
  requestedModel: string;
}

export interface RejectedRequest {
  requestId: string;
  receivedAt: number;
  completedAt: number;
  call: RejectedCall;
  context: RequestContext;
  /** The config the request named (x-sluice-config, or its key's default). */
  configId: string | undefined;
  error: SluiceError;
  /** The parsed body, when it may be logged. */
  requestBody: unknown;
  /** The credential the request presented, struck out of anything logged. */
  credential: string | undefined;
}

/**
 * The SPEC §7 record of a model call refused before it was enqueued: status `error` with the refusal's HTTP status
 * and `type/code: message` (the client's answer, so no response body), no provider, no attempts, no usage. No admission id: the ingress gives a refused
 * request's holds back when its response ends.
 */
export function rejectedRequestEvent(rejected: RejectedRequest): CompletionEventInput {
  const { call, context, error } = rejected;
  const { credential } = rejected;
  const redact = (text: string) =>
    credential && credential.length >= MIN_REDACTED_LENGTH ? text.replaceAll(credential, REDACTED) : text;
  return {
    id: rejected.requestId,
    created_at: new Date(rejected.receivedAt).toISOString(),
    mode: call.mode,
    config_id: rejected.configId ?? null,
    endpoint: call.endpoint,
    served_model: null,
    provider: null,
    status: 'error',
    http_status: error.status,
    error: redact(`${error.type}/${error.code}: ${error.message}`).slice(0, MAX_ERROR_TEXT),
    attempts: [],
    ...usageEventFields(undefined),
    latency_ms: Math.max(0, rejected.completedAt - rejected.receivedAt),
    ttft_ms: null,
    queue_wait_ms: null,
    cache: 'off',
    ...contextEventFields(context),
    requested_model: redact(call.requestedModel),
    request_body: context.omitBodies ? undefined : rejected.requestBody,
  };
}
