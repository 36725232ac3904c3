import { type CacheStore, type CompletionEventInput, canonicalBodyOf, type ProviderJob } from '@sluice/queues';
import type { NativeResponsesCacheEntry } from './call-outcome';

/**
 * What the cache service needs to store a job's answer: present for a successful sync or async chat answer whose
 * request had the cache on. `response` is the ChatCompletion JSON text (a stream's assembled one); `native`, of a
 * forwarded call, the provider's answer as the client received it — a request keyed as forwarded (`nativeKey`) is
 * stored only with it, so an answer a translated fallback gave is not. The request and response ride along only when
 * the event itself does not carry them (omitted bodies, streams).
 */
export function cacheStoreOf(
  job: ProviderJob,
  answer: { response: string | undefined; native: string | undefined },
  event: CompletionEventInput,
): CacheStore | undefined {
  const instruction = job.context.cache;
  const { response } = answer;
  if (
    !instruction ||
    job.kind !== 'chat' ||
    job.mode === 'batch' ||
    event.status !== 'success' ||
    response === undefined
  )
    return undefined;
  const responseText = event.response_body === undefined ? response : undefined;
  if (instruction.nativeKey !== undefined)
    return answer.native === undefined ? undefined : { ...instruction, response: responseText, native: answer.native };
  const request = event.request_body === undefined ? canonicalBodyOf(job) : undefined;
  return { ...instruction, request, response: responseText };
}

/**
 * What the cache service needs to store a native Responses answer (docs/responses-api.md): present for a successful
 * sync or async answer of a request keyed as it came (`nativeKey`), with the answer as relayed and its chat completion form,
 * which the log of a hit reads (the event's own response body is the response object).
 */
export function nativeResponsesCacheStoreOf(
  job: ProviderJob,
  entry: NativeResponsesCacheEntry | undefined,
  event: CompletionEventInput,
): CacheStore | undefined {
  const instruction = job.context.cache;
  if (instruction?.nativeKey === undefined || entry === undefined || job.mode === 'batch' || event.status !== 'success')
    return undefined;
  return { ...instruction, response: entry.completion, native: entry.native };
}

/** The log's cache column for a request that reached a provider: `miss` when the cache was consulted, `off` otherwise. */
export function cacheColumnOf(job: ProviderJob): 'miss' | 'off' {
  return job.context.cache ? 'miss' : 'off';
}
