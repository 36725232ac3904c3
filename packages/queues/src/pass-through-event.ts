import type { CompletionEventInput } from './completion-event';
import { contextEventFields, usageEventFields } from './completion-event-fields';
import type { RequestContext } from './provider-job';

export interface PassThroughOutcome {
  requestId: string;
  receivedAt: number;
  completedAt: number;
  context: RequestContext;
  configId: string | undefined;
  /** The account it went to; undefined when it was refused before one was chosen. */
  provider: string | undefined;
  method: string;
  /** The `/v1/…` path as the client sent it, without its query. */
  path: string;
  /** The provider's HTTP status, or Sluice's own when the provider could not be reached. */
  status: number;
  /** How the exchange failed, when it did. */
  error: string | undefined;
  /** The provider was called (a refusal before that records no attempt). */
  attempted: boolean;
  /** Time to the provider's response headers. */
  upstreamLatencyMs: number;
}

/**
 * The SPEC §7 record of a passed-through request (docs/http-api.md): endpoint `passthrough`, its method and path in
 * `properties`, the provider's status (or Sluice's refusal), and the latency; no model, usage or bodies (they are not
 * read).
 */
export function passThroughEvent(outcome: PassThroughOutcome): CompletionEventInput {
  const { context } = outcome;
  const failed = outcome.status >= 400;
  return {
    id: outcome.requestId,
    created_at: new Date(outcome.receivedAt).toISOString(),
    mode: 'sync',
    config_id: outcome.configId ?? null,
    admission_id: context.admissionId,
    endpoint: 'passthrough',
    served_model: null,
    provider: outcome.provider ?? null,
    status: failed ? 'error' : 'success',
    http_status: outcome.status,
    error: failed ? (outcome.error ?? `the provider answered ${outcome.status}`) : null,
    attempts:
      outcome.provider === undefined || !outcome.attempted
        ? []
        : [
            {
              provider: outcome.provider,
              model: '',
              status: outcome.status,
              latency_ms: outcome.upstreamLatencyMs,
              ...(outcome.error === undefined ? {} : { error: outcome.error }),
            },
          ],
    ...usageEventFields(undefined),
    latency_ms: Math.max(0, outcome.completedAt - outcome.receivedAt),
    ttft_ms: null,
    queue_wait_ms: null,
    cache: 'off',
    ...contextEventFields(context),
    properties: { ...context.properties, method: outcome.method, path: outcome.path },
  };
}
