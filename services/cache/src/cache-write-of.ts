import { ChatCompletionRequestSchema } from '@sluice/providers';
import type { CompletionEvent } from '@sluice/queues';
import { type CacheEntryWrite, type CacheWrite, nativeCacheEntryText } from '@sluice/semantic-cache';
import { z } from 'zod';

const CompletionBodySchema = z.object({ object: z.literal('chat.completion'), choices: z.array(z.unknown()).min(1) });

/**
 * The cache entry a completion event asks for, or undefined: only successful answers the worker marked with
 * `cache_store`, whose body is a ChatCompletion with at least one choice, and whose request is a valid chat request —
 * or, for a request forwarded as it came (`nativeKey`), which carry the provider's answer as the client received it:
 * stored with its ChatCompletion under that key.
 */
export function cacheWriteOf(event: CompletionEvent): CacheWrite | CacheEntryWrite | undefined {
  const store = event.cache_store;
  if (!store || event.status !== 'success') return undefined;
  const body = store.response ?? (event.response_body === undefined ? undefined : JSON.stringify(event.response_body));
  if (body === undefined || !isCompletion(body)) return undefined;
  const lifetime = { ttlS: store.ttlS, keepStale: store.keepStale };
  if (store.nativeKey !== undefined)
    return store.native === undefined
      ? undefined
      : { entryKey: store.nativeKey, body: nativeCacheEntryText(store.native, body), ...lifetime };
  const request = ChatCompletionRequestSchema.safeParse(
    store.request ?? event.translated_request_body ?? event.request_body,
  );
  if (!request.success) return undefined;
  return {
    mode: store.mode,
    request: request.data,
    tenant: store.tenant,
    configId: store.configId,
    body,
    ...lifetime,
  };
}

function isCompletion(body: string): boolean {
  try {
    return CompletionBodySchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}
