import { ChatCompletionRequestSchema } from '@sluice/providers';
import type { CompletionEvent } from '@sluice/queues';
import type { CacheWrite } from '@sluice/semantic-cache';
import { z } from 'zod';

const CompletionBodySchema = z.object({ object: z.literal('chat.completion'), choices: z.array(z.unknown()).min(1) });

/**
 * The cache entry a completion event asks for, or undefined: only successful answers the worker marked with
 * `cache_store`, whose request is a valid chat request and whose body is a ChatCompletion with at least one choice.
 */
export function cacheWriteOf(event: CompletionEvent): CacheWrite | undefined {
  const store = event.cache_store;
  if (!store || event.status !== 'success') return undefined;
  const request = ChatCompletionRequestSchema.safeParse(
    store.request ?? event.translated_request_body ?? event.request_body,
  );
  const body = store.response ?? (event.response_body === undefined ? undefined : JSON.stringify(event.response_body));
  if (!request.success || body === undefined || !isCompletion(body)) return undefined;
  return {
    mode: store.mode,
    request: request.data,
    tenant: store.tenant,
    configId: store.configId,
    body,
    ttlS: store.ttlS,
    keepStale: store.keepStale,
  };
}

function isCompletion(body: string): boolean {
  try {
    return CompletionBodySchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}
