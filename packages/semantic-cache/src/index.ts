export { cacheRelevantRequest, OUTPUT_NEUTRAL_FIELDS } from './cache-relevant-request';
export { canonicalHash, canonicalJson } from './canonical-json';
export type { Embedder, EmbedTexts } from './embedder';
export { type CacheSubject, exactCacheKey, exactEntryKey } from './exact-cache-key';
export { createFunctionEmbedder } from './function-embedder';
export { lastUserMessageIndex, lastUserText, messageText } from './last-user-text';
export { type NativeCacheEntry, nativeCacheEntryText, readNativeCacheEntry } from './native-cache-entry';
export { type AsSentCall, type NativeCacheSubject, nativeEntryKey } from './native-entry-key';
export { createOfflineEmbedder, type OfflineEmbedderOptions } from './offline-embedder';
export { CacheGate, type CacheGateOptions, type CacheGateRequest, cacheGateFor } from './request-cache/cache-gate';
export type { CachedAnswer } from './request-cache/cached-answer';
export { replayChunks } from './request-cache/replay-chunks';
export { RequestCache, type RequestCacheDependencies, type RequestCacheInit } from './request-cache/request-cache';
export {
  type CacheHeaders,
  cacheHeadersOf,
  type EffectiveCachePolicy,
  resolveCachePolicy,
} from './resolve-cache-policy';
export {
  type CacheEntryWrite,
  type CacheHit,
  type CacheLookup,
  type CacheWrite,
  ResponseCache,
  type ResponseCacheOptions,
} from './response-cache';
export { semanticCacheCollection } from './semantic-cache-collection';
export { type GuardRefusal, type GuardVerdict, semanticGuard } from './semantic-guard';
export { type SemanticSubject, semanticScope, semanticSubject } from './semantic-scope';
