import type { ChatCompletionRequest } from '@sluice/providers';
import { type CompletionEventInput, contextEventFields, type RequestContext, usageEventFields } from '@sluice/queues';
import type { CachedAnswer } from './cached-answer';

export interface CacheHitFacts {
  receivedAt: number;
  completedAt: number;
  request: ChatCompletionRequest;
  /** The body's JSON text as the client sent it, when its dialect is not the canonical `request`'s. */
  sentBody?: string | undefined;
  /** `request` is only the fields Sluice reads of `sentBody`, not a translation of it: the log keeps `sentBody` alone. */
  sentOnly?: boolean;
  context: RequestContext;
  /** The routing config id as logged (not the cache's config identity). */
  configId: string | undefined;
}

/**
 * The SPEC §7 record of a reply served from the cache: status `cached`, no provider, the cached answer's tokens (so
 * the logger prices what the hit saved), and for a stale reply the upstream failure and its attempts. No admission
 * id: the ingress gives a hit's budget and rate-limit holds back when its response ends.
 */
export function cacheHitEvent(answer: CachedAnswer, facts: CacheHitFacts): CompletionEventInput {
  const { context } = facts;
  const usage = answer.completion.usage;
  const latencyMs = Math.max(0, facts.completedAt - facts.receivedAt);
  return {
    id: answer.requestId,
    created_at: new Date(facts.receivedAt).toISOString(),
    mode: 'sync',
    config_id: facts.configId ?? null,
    endpoint: 'chat',
    served_model: answer.completion.model || null,
    provider: null,
    status: 'cached',
    http_status: 200,
    error: answer.stale ? `served stale from the cache: ${answer.stale.error.message}` : null,
    attempts: answer.stale?.attempts ?? [],
    ...usageEventFields(usage),
    latency_ms: latencyMs,
    ttft_ms: latencyMs,
    queue_wait_ms: null,
    cache: answer.kind,
    cache_score: answer.score ?? null,
    ...contextEventFields(context),
    ...(context.omitBodies ? {} : requestBodiesOf(facts)),
    response_body: context.omitBodies ? undefined : answer.completion,
  };
}

/** The request as its client sent it and, when that is another dialect, the canonical form (docs/request-log.md). */
function requestBodiesOf(facts: CacheHitFacts): Pick<CompletionEventInput, 'request_body' | 'translated_request_body'> {
  if (facts.sentBody === undefined) return { request_body: facts.request };
  try {
    const request_body = JSON.parse(facts.sentBody);
    return facts.sentOnly ? { request_body } : { request_body, translated_request_body: facts.request };
  } catch {
    return { request_body: facts.sentBody, translated_request_body: facts.request };
  }
}
