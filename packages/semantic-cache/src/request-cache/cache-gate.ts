import { ThrottledWarning } from '@sluice/observability';
import type { ChatCompletionRequest } from '@sluice/providers';
import type { RedisClient } from '@sluice/queues';
import { CompletionEventPublisher, type ProviderJobInput, type RequestContext } from '@sluice/queues';
import type { ResolvedConfig } from '@sluice/routing';
import { type AsSentCall, nativeEntryKey, nativeResponsesCall } from '../native-entry-key';
import { type CacheHeaders, resolveCachePolicy } from '../resolve-cache-policy';
import type { ResponseCache } from '../response-cache';
import { cacheConfigId } from './cache-config-id';
import { InFlightRequests } from './in-flight-requests';
import { RequestCache, type RequestCacheDependencies } from './request-cache';

export interface CacheGateOptions {
  cache: ResponseCache;
  events: CompletionEventPublisher;
  logger: { warn(details: object, message: string): void };
  now?: () => number;
}

export interface CacheGateRequest {
  requestId: string;
  receivedAt: number;
  request: ChatCompletionRequest;
  /** The body's JSON text as the client sent it, when its dialect is not the canonical `request`'s (for the log). */
  sentBody?: string | undefined;
  /** The job's context (its configId is the resolved config's id). */
  context: RequestContext;
  resolved: ResolvedConfig;
  plan: ProviderJobInput['plan'];
  headers: CacheHeaders;
  /**
   * A request forwarded as it came to the plan's accounts of its dialect (or a Responses request to accounts serving
   * Responses natively): keyed, stored and replayed as it came.
   */
  native?: AsSentCall | undefined;
  /**
   * A Responses request whose plan reaches an account with `responses: native`: its body as that account receives
   * it, keyed, stored and replayed as it came (docs/responses-api.md). Serialised only when the cache is on for it.
   */
  nativeResponses?: Record<string, unknown> | undefined;
}

/** The ingress side of the response cache: opens each chat request's RequestCache. */
export class CacheGate {
  private readonly dependencies: RequestCacheDependencies;

  constructor(options: CacheGateOptions) {
    const now = options.now ?? Date.now;
    const warning = new ThrottledWarning(options.logger, undefined, now);
    this.dependencies = {
      cache: options.cache,
      events: options.events,
      now,
      warn: (error, message) => warning.warn({ err: error }, message),
      flights: new InFlightRequests(),
    };
  }

  /** Applies the cache headers to the config's policy; a bad header is a 400 naming it. */
  open(request: CacheGateRequest): RequestCache {
    const policy = resolveCachePolicy(request.resolved.routing.cache, request.headers);
    const subject = {
      // Hashing the routing costs real time per request; a request that never touches the cache does not need it.
      configId: policy.mode === 'off' ? '' : cacheConfigId(request.resolved, request.plan),
      tenant: request.context.virtualKeyId ?? '',
      request: request.request,
    };
    const on = policy.mode !== 'off';
    const native =
      request.native ?? (on && request.nativeResponses ? nativeResponsesCall(request.nativeResponses) : undefined);
    const model = request.context.requestedModel;
    const forwarded =
      native && on ? { call: native, key: nativeEntryKey({ ...subject, model, call: native }) } : undefined;
    return new RequestCache(
      {
        requestId: request.requestId,
        receivedAt: request.receivedAt,
        request: request.request,
        sentBody: request.sentBody ?? forwarded?.call.body,
        context: request.context,
        configId: request.resolved.id,
        policy,
        subject,
        native: forwarded,
      },
      this.dependencies,
    );
  }
}

/** The ingress's gate over the process's response cache, publishing hit events to the completion event stream. */
export function cacheGateFor(options: {
  cache: ResponseCache | undefined;
  redis: RedisClient;
  completionEvents: string;
  logger: CacheGateOptions['logger'];
}): CacheGate | undefined {
  if (!options.cache) return undefined;
  return new CacheGate({
    cache: options.cache,
    events: new CompletionEventPublisher(options.redis, options.completionEvents),
    logger: options.logger,
  });
}
