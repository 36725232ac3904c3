import type { ChatCompletionRequest } from '@sluice/providers';
import type { CompletionEventInput, RequestContext } from '@sluice/queues';
import type { CachedAnswer } from './cached-answer';

export interface CacheHitFacts {
  receivedAt: number;
  completedAt: number;
  request: ChatCompletionRequest;
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
    virtual_key_id: context.virtualKeyId ?? null,
    config_id: facts.configId ?? null,
    config_version: context.configVersion ?? null,
    prompt_id: context.promptId ?? null,
    prompt_version: context.promptVersion ?? null,
    endpoint: 'chat',
    requested_model: context.requestedModel,
    served_model: answer.completion.model || null,
    provider: null,
    status: 'cached',
    http_status: 200,
    error: answer.stale ? `served stale from the cache: ${answer.stale.error.message}` : null,
    attempts: answer.stale?.attempts ?? [],
    prompt_tokens: usage?.prompt_tokens ?? 0,
    completion_tokens: usage?.completion_tokens ?? 0,
    cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    latency_ms: latencyMs,
    ttft_ms: latencyMs,
    queue_wait_ms: null,
    cache: answer.kind,
    cache_score: answer.score ?? null,
    properties: context.properties,
    metadata: context.metadata,
    user_id: context.userId ?? null,
    session_id: context.sessionId ?? null,
    trace_id: context.traceId ?? null,
    ip: context.ip ?? null,
    request_body: context.omitBodies ? undefined : facts.request,
    response_body: context.omitBodies ? undefined : answer.completion,
  };
}
