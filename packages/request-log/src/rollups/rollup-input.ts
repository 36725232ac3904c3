import type { CompletionEvent } from '@sluice/queues';
import type { ComputedFields } from '../request-log-row';
import { cleanNullableText, cleanText } from '../sql-text';
import type { RollupInput } from './rollup-deltas';

/** A request about to be stored, as the rollups see it: text cleaned exactly as the row stores it. */
export function rollupInput(event: CompletionEvent, computed: ComputedFields): RollupInput {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.properties)) properties[cleanText(name)] = cleanText(value);
  return {
    createdAt: event.created_at,
    virtualKeyId: cleanNullableText(event.virtual_key_id),
    servedModel: cleanNullableText(event.served_model),
    requestedModel: cleanText(event.requested_model),
    provider: cleanNullableText(event.provider),
    userId: cleanNullableText(event.user_id),
    properties,
    status: event.status,
    cache: event.cache,
    promptTokens: computed.prompt_tokens,
    completionTokens: computed.completion_tokens,
    cachedTokens: event.cached_tokens,
    costUsd: computed.cost_usd,
    savedUsd: computed.saved_usd,
    latencyMs: event.latency_ms,
  };
}
