import type { CacheStore, CompletionEventInput, ProviderJob } from '@sluice/queues';

/**
 * What the cache service needs to store a job's answer: present for a successful sync or async chat answer whose
 * request had the cache on. `response` is the ChatCompletion JSON text (a stream's assembled one). The request and
 * response ride along only when the event itself does not carry them (omitted bodies, streams).
 */
export function cacheStoreOf(
  job: ProviderJob,
  response: string | undefined,
  event: CompletionEventInput,
): CacheStore | undefined {
  const instruction = job.context.cache;
  if (
    !instruction ||
    job.kind !== 'chat' ||
    job.mode === 'batch' ||
    event.status !== 'success' ||
    response === undefined
  )
    return undefined;
  return {
    ...instruction,
    request: event.request_body === undefined ? job.body : undefined,
    response: event.response_body === undefined ? response : undefined,
  };
}

/** The log's cache column for a request that reached a provider: `miss` when the cache was consulted, `off` otherwise. */
export function cacheColumnOf(job: ProviderJob): 'miss' | 'off' {
  return job.context.cache ? 'miss' : 'off';
}
