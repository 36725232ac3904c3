import { setTimeout as sleep } from 'node:timers/promises';
import type { SluiceError } from '@sluice/errors';
import type { ChatCompletion, ChatCompletionRequest } from '@sluice/providers';
import type { Attempt, CacheInstruction, CompletionEventPublisher, RequestContext } from '@sluice/queues';
import { type CacheSubject, exactEntryKey } from '../exact-cache-key';
import { readNativeCacheEntry } from '../native-cache-entry';
import type { AsSentCall } from '../native-entry-key';
import type { EffectiveCachePolicy } from '../resolve-cache-policy';
import type { CacheHit, ResponseCache } from '../response-cache';
import { cacheHitEvent } from './cache-hit-event';
import type { CachedAnswer } from './cached-answer';
import type { Flight, InFlightRequests } from './in-flight-requests';

/** How long a duplicate that waited for its leader looks for the leader's answer in the cache, and how often. */
const STORED_WAIT_MS = 1000;
const STORED_POLL_MS = 20;

/** What every RequestCache of one ingress shares. */
export interface RequestCacheDependencies {
  cache: ResponseCache;
  events: CompletionEventPublisher;
  now: () => number;
  warn(error: unknown, message: string): void;
  /** The cacheable requests in flight on this ingress, so that identical ones make one upstream call. */
  flights: InFlightRequests;
}

export interface RequestCacheInit {
  requestId: string;
  receivedAt: number;
  request: ChatCompletionRequest;
  /** The body's JSON text as the client sent it, when its dialect is not the canonical `request`'s. */
  sentBody?: string | undefined;
  context: RequestContext;
  /** The routing config id as logged. */
  configId: string | undefined;
  policy: EffectiveCachePolicy;
  subject: CacheSubject;
  /**
   * A request forwarded as it came and its entry key (`nativeEntryKey`): looked up, stored and replayed as the
   * provider answered, in exact mode whatever the policy's mode (semantic matching reads the canonical form).
   */
  native?: { call: AsSentCall; key: string } | undefined;
}

/**
 * One request's dealings with the response cache: the lookup before it is enqueued, the stale copy when every
 * target failed, what the cache service is told to store, and the log event of a reply served from the cache.
 * A cache that fails (Redis, the vector store, the embedder) counts as a miss: logged, never the client's error.
 */
export class RequestCache {
  /** Set while this request leads identical ones in flight: settled when its reply is done. */
  private flight: Flight | undefined;

  constructor(
    private readonly init: RequestCacheInit,
    private readonly dependencies: RequestCacheDependencies,
  ) {}

  get policy(): EffectiveCachePolicy {
    return this.init.policy;
  }

  /** x-sluice-cache for a reply that did not come from the cache. */
  get status(): 'off' | 'miss' {
    return this.init.policy.mode === 'off' ? 'off' : 'miss';
  }

  /** What the job carries so that the cache service stores its answer; undefined with the cache off. */
  get instruction(): CacheInstruction | undefined {
    const { policy, subject, native } = this.init;
    if (policy.mode === 'off') return undefined;
    return {
      mode: native ? 'exact' : policy.mode,
      ttlS: policy.ttlS,
      keepStale: policy.serveStaleOnError,
      configId: subject.configId,
      tenant: subject.tenant,
      ...(native ? { nativeKey: native.key } : {}),
    };
  }

  /**
   * The cached answer, unless the cache is off, the request asked for a refresh, or nothing matches. On a miss while
   * an identical request is in flight, waits for it and answers from what it stored; otherwise this request leads
   * and must be settled.
   */
  async lookup(): Promise<CachedAnswer | undefined> {
    const { policy, subject } = this.init;
    if (policy.mode === 'off' || policy.refresh) return undefined;
    const answer = await this.find();
    if (answer) return answer;
    const joined = this.dependencies.flights.join(this.init.native?.key ?? exactEntryKey(subject));
    if ('lead' in joined) {
      this.flight = joined.lead;
      return undefined;
    }
    if (!(await joined.leader.settled)) return undefined;
    const deadline = this.dependencies.now() + STORED_WAIT_MS;
    for (;;) {
      const stored = await this.find();
      if (stored || this.dependencies.now() >= deadline) return stored;
      await sleep(STORED_POLL_MS);
    }
  }

  /** Ends this request's lead, if it led: duplicates waiting for it look in the cache when it succeeded. */
  settle(succeeded: boolean): void {
    this.flight?.settle(succeeded);
    this.flight = undefined;
  }

  private async find(): Promise<CachedAnswer | undefined> {
    const { policy, subject, native } = this.init;
    try {
      const hit = native
        ? await this.dependencies.cache.lookupEntry(native.key)
        : await this.dependencies.cache.lookup({ ...subject, mode: policy.mode, threshold: policy.threshold });
      return hit && this.answerOf(hit, this.init.requestId);
    } catch (error) {
      this.dependencies.warn(error, 'response cache lookup failed; answering as a miss');
      return undefined;
    }
  }

  /** The serve_stale_on_error copy, when the policy allows it and one exists; logged under its own request id. */
  async lookupStale(error: SluiceError, attempts: Attempt[]): Promise<CachedAnswer | undefined> {
    const { policy, subject, native } = this.init;
    if (policy.mode === 'off' || !policy.serveStaleOnError) return undefined;
    try {
      const hit = native
        ? await this.dependencies.cache.lookupStaleEntry(native.key)
        : await this.dependencies.cache.lookupStale(subject);
      const answer = hit && this.answerOf(hit, `${this.init.requestId}_stale`);
      return answer && { ...answer, stale: { error, attempts } };
    } catch (lookupError) {
      this.dependencies.warn(lookupError, 'stale copy lookup failed; answering with the upstream error');
      return undefined;
    }
  }

  /** Records a reply served from the cache in the request log (off the reply's path). */
  served(answer: CachedAnswer): void {
    const { requestId: _requestId, policy: _policy, subject: _subject, native, ...facts } = this.init;
    const sentOnly = native?.call.loggedAsSent === true;
    const event = cacheHitEvent(answer, { ...facts, sentOnly, completedAt: this.dependencies.now() });
    this.dependencies.events
      .publish(event)
      .catch((error: unknown) => this.dependencies.warn(error, 'could not publish the cache hit event'));
  }

  private answerOf(hit: CacheHit, requestId: string): CachedAnswer | undefined {
    const entry = this.init.native ? readNativeCacheEntry(hit.body) : undefined;
    const completion = this.init.native ? (entry?.completion as ChatCompletion | undefined) : parseCompletion(hit.body);
    if (!completion) {
      this.dependencies.warn(
        new Error('the cached body is not a chat completion'),
        'unreadable cache entry; answering as a miss',
      );
      return undefined;
    }
    const { request } = this.init;
    return {
      requestId,
      kind: hit.kind,
      body: hit.body,
      completion,
      ...(entry ? { native: entry.native } : {}),
      score: hit.score,
      stream: request.stream === true,
      includeUsage: request.stream_options?.include_usage === true,
    };
  }
}

function parseCompletion(body: string): ChatCompletion | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<ChatCompletion> | null;
    return parsed && Array.isArray(parsed.choices) && parsed.choices.length > 0
      ? (parsed as ChatCompletion)
      : undefined;
  } catch {
    return undefined;
  }
}
