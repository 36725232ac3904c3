import type { CompletionEventInput } from './completion-event';
import type { RequestContext } from './provider-job';

/** The log fields every completion event takes from the request's context, whoever emits it. */
export function contextEventFields(context: RequestContext) {
  return {
    virtual_key_id: context.virtualKeyId ?? null,
    config_version: context.configVersion ?? null,
    prompt_id: context.promptId ?? null,
    prompt_version: context.promptVersion ?? null,
    requested_model: context.requestedModel,
    properties: context.properties,
    metadata: context.metadata,
    user_id: context.userId ?? null,
    session_id: context.sessionId ?? null,
    trace_id: context.traceId ?? null,
    ip: context.ip ?? null,
  } satisfies Partial<CompletionEventInput>;
}

/** OpenAI-shaped usage counts, as a provider answer or a cached body carries them. */
export interface UsageCounts {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  /** Rerank searches billed (a search is one query over up to 100 documents). */
  search_units?: number;
}

/** The token (and search) fields of a completion event. */
export function usageEventFields(usage: UsageCounts | null | undefined) {
  return {
    prompt_tokens: usage?.prompt_tokens ?? 0,
    completion_tokens: usage?.completion_tokens ?? 0,
    cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    cache_write_tokens: usage?.prompt_tokens_details?.cache_creation_tokens ?? 0,
    reasoning_tokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
    search_units: usage?.search_units ?? 0,
  } satisfies Partial<CompletionEventInput>;
}
