import type { ChatCompletionRequest } from '@sluice/providers';
import { cacheRelevantRequest } from './cache-relevant-request';
import { canonicalHash } from './canonical-json';

/** SHA-256 (hex) of the canonical form of everything in a request that changes its answer. */
export function exactCacheKey(request: ChatCompletionRequest): string {
  return canonicalHash({ v: 1, request: cacheRelevantRequest(request) });
}

/** Who a cached answer belongs to: the routing config (it picks provider, model and overrides) and the tenant. */
export interface CacheSubject {
  /** The config id, with its version when the caller wants a new version to start a fresh cache (`default@3`). */
  configId: string;
  /** The virtual key id; entries are never shared between tenants. Empty in open development mode. */
  tenant: string;
  request: ChatCompletionRequest;
}

/** The exact-cache entry key of a request for one config and tenant. */
export function exactEntryKey(subject: CacheSubject): string {
  return canonicalHash({
    v: 1,
    config: subject.configId,
    tenant: subject.tenant,
    request: exactCacheKey(subject.request),
  });
}
