export { type OpenedResponseCache, type OpenResponseCacheOptions, openResponseCache } from './open-response-cache';
export { type CacheServiceOptions, type RunningCacheService, startCacheService } from './start-cache-service';
