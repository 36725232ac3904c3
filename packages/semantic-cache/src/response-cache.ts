import type { CacheMode } from '@sluice/config';
import { SluiceError, UnavailableError } from '@sluice/errors';
import type { ChatCompletionRequest } from '@sluice/providers';
import type { HashTag, RedisClient } from '@sluice/queues';
import type { VectorStore } from '@sluice/vector-store';
import { exactRedisKey, staleRedisKey } from './cache-keys';
import type { Embedder } from './embedder';
import { type CacheSubject, exactEntryKey } from './exact-cache-key';
import { SemanticEntryPayloadSchema } from './semantic-entry-payload';
import { semanticGuard } from './semantic-guard';
import { semanticSubject } from './semantic-scope';

export interface ResponseCacheOptions {
  /** The Redis connection exact entries live in. */
  redis: RedisClient;
  /** Every key this cache writes starts with it, e.g. `sluice:cache:`. */
  keyPrefix: string;
  /** The catalog's `hashTag`: an entry's fresh and stale copies share one cluster slot. */
  hashTag: HashTag;
  /** Both or neither; without them, semantic mode behaves as exact. */
  semantic?: { store: VectorStore; embedder: Embedder };
  /** Lifetime of the copy kept for serve_stale_on_error; never shorter than the entry's TTL. Default 7 days. */
  staleTtlS?: number;
  /** Nearest entries above the threshold the guard may examine per semantic lookup. Default 5. */
  candidates?: number;
  clock?: () => number;
}

export interface CacheLookup {
  mode: CacheMode;
  request: ChatCompletionRequest;
  tenant: string;
  configId: string;
  /** Cosine similarity a semantic hit needs. Default 0.95. */
  threshold?: number;
}

export interface CacheHit {
  kind: 'hit-exact' | 'hit-semantic';
  /** The cached response body, as stored. */
  body: string;
  /** Cosine similarity, on semantic hits. */
  score?: number;
  /** True when served from the serve_stale_on_error copy. */
  stale?: boolean;
}

export interface CacheWrite extends Omit<CacheLookup, 'threshold'> {
  body: string;
  ttlS: number;
  /** Also keep a longer-lived copy for serve_stale_on_error. */
  keepStale?: boolean;
}

/** An exact entry under a key its caller derived (`nativeEntryKey`: a request forwarded as it came). */
export interface CacheEntryWrite {
  entryKey: string;
  body: string;
  ttlS: number;
  keepStale?: boolean;
}

/**
 * The response cache: exact entries in Redis under a hash of the request (per config and tenant),
 * semantic entries in a vector store pointing at them. Semantic mode tries the exact entry first.
 * Failures of Redis, the vector store or the embedder reject with a SluiceError (UnavailableError
 * unless the embedder raised its own); a caller on the hot path treats them as a miss.
 */
export class ResponseCache {
  private readonly staleTtlS: number;
  private readonly candidates: number;
  private readonly clock: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.staleTtlS = options.staleTtlS ?? 7 * 24 * 3600;
    this.candidates = options.candidates ?? 5;
    this.clock = options.clock ?? Date.now;
  }

  async lookup(lookup: CacheLookup): Promise<CacheHit | undefined> {
    if (lookup.mode === 'off') return undefined;
    const hit = await this.lookupEntry(exactEntryKey(lookup));
    if (hit) return hit;
    if (lookup.mode !== 'semantic' || !this.options.semantic) return undefined;
    return this.lookupSemantic(lookup, this.options.semantic);
  }

  /** The exact entry stored under a key (`exactEntryKey`, `nativeEntryKey`). */
  async lookupEntry(entryKey: string): Promise<CacheHit | undefined> {
    const key = exactRedisKey(this.options.keyPrefix, entryKey, this.options.hashTag);
    const body = await this.redisCall(() => this.options.redis.get(key));
    return body === null ? undefined : { kind: 'hit-exact', body };
  }

  /** The serve_stale_on_error copy of this exact request, for when the upstream failed. */
  async lookupStale(subject: CacheSubject): Promise<CacheHit | undefined> {
    return this.lookupStaleEntry(exactEntryKey(subject));
  }

  /** The serve_stale_on_error copy of the entry stored under a key. */
  async lookupStaleEntry(entryKey: string): Promise<CacheHit | undefined> {
    const key = staleRedisKey(this.options.keyPrefix, entryKey, this.options.hashTag);
    const body = await this.redisCall(() => this.options.redis.get(key));
    return body === null ? undefined : { kind: 'hit-exact', body, stale: true };
  }

  async store(write: CacheWrite | CacheEntryWrite): Promise<void> {
    if ('mode' in write && write.mode === 'off') return;
    if (!Number.isInteger(write.ttlS) || write.ttlS < 1)
      throw new TypeError('ttlS must be a positive whole number of seconds');
    const entryKey = 'entryKey' in write ? write.entryKey : exactEntryKey(write);
    const prefix = this.options.keyPrefix;
    const transaction = this.options.redis
      .multi()
      .set(exactRedisKey(prefix, entryKey, this.options.hashTag), write.body, 'EX', write.ttlS);
    if (write.keepStale)
      transaction.set(
        staleRedisKey(prefix, entryKey, this.options.hashTag),
        write.body,
        'EX',
        Math.max(this.staleTtlS, write.ttlS),
      );
    const results = await this.redisCall(() => transaction.exec());
    const failed = results?.find(([error]) => error);
    if (!results || failed)
      throw new UnavailableError('The response cache (Redis) did not store the entry.', failed?.[0] ?? undefined);
    if ('mode' in write && write.mode === 'semantic' && this.options.semantic)
      await this.storeSemantic(write, entryKey, this.options.semantic);
  }

  private async lookupSemantic(
    lookup: CacheLookup,
    semantic: { store: VectorStore; embedder: Embedder },
  ): Promise<CacheHit | undefined> {
    const subject = semanticSubject(lookup);
    if (!subject) return undefined;
    const vector = await this.embed(semantic.embedder, subject.text);
    const matches = await this.vectorCall(() =>
      semantic.store.search({
        vector,
        scope: subject.scope,
        limit: this.candidates,
        minScore: lookup.threshold ?? 0.95,
      }),
    );
    for (const match of matches) {
      const payload = SemanticEntryPayloadSchema.safeParse(match.payload);
      if (!payload.success || !semanticGuard(subject.text, payload.data.text).ok) continue;
      const key = exactRedisKey(this.options.keyPrefix, payload.data.entryKey, this.options.hashTag);
      const body = await this.redisCall(() => this.options.redis.get(key));
      if (body !== null) return { kind: 'hit-semantic', body, score: match.score };
    }
    return undefined;
  }

  private async storeSemantic(
    write: CacheWrite,
    entryKey: string,
    semantic: { store: VectorStore; embedder: Embedder },
  ): Promise<void> {
    const subject = semanticSubject(write);
    if (!subject) return;
    const vector = await this.embed(semantic.embedder, subject.text);
    const record = {
      id: entryKey,
      vector,
      scope: subject.scope,
      payload: { text: subject.text, entryKey },
      expiresAt: this.clock() + write.ttlS * 1000,
    };
    await this.vectorCall(() => semantic.store.upsert(record));
  }

  private async embed(embedder: Embedder, text: string): Promise<number[]> {
    try {
      const [vector] = await embedder.embed([text]);
      if (!vector) throw new Error('the embedder returned no vector');
      return vector;
    } catch (error) {
      if (error instanceof SluiceError) throw error;
      throw new UnavailableError('The semantic cache could not embed the request.', error);
    }
  }

  private async redisCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new UnavailableError('The response cache (Redis) is unavailable.', error);
    }
  }

  private async vectorCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new UnavailableError('The semantic cache vector store is unavailable.', error);
    }
  }
}
