import type { GatewayConfig } from '@sluice/config';
import { InvalidRequestError } from '@sluice/errors';
import { adapterFor, type ChatCompletionRequest, MEDIA_OPERATIONS } from '@sluice/providers';
import {
  JOB_PRIORITY,
  type LocalHandoff,
  type MediaKind,
  type MediaUpload,
  type NativeCall,
  type ProviderJob,
  type ProviderQueues,
  type ReplyInbox,
  type ReplyListener,
  withBodyText,
} from '@sluice/queues';
import {
  type ForwardedSubmission,
  forwardedOperationPlan,
  forwardingPlan,
  type NativeSubmission,
  planProviderJob,
  type RoutedRequest,
  resolveConfig,
} from '@sluice/routing';
import type { CachedAnswer, CacheGate, CacheHeaders, RequestCache } from '@sluice/semantic-cache';

export type SyncSubmission = RoutedRequest;

/** A chat request, which may be answered from the response cache. */
export interface ChatSubmission extends SyncSubmission {
  body: ChatCompletionRequest;
  cacheHeaders: CacheHeaders;
  /**
   * A request in Anthropic's or Gemini's dialect, forwarded as it came to that provider's targets (see forwardingPlan).
   */
  native?: NativeSubmission;
  /**
   * `body` as JSON text — the text it was parsed from when nothing has rewritten it since, or a Responses request's
   * translation serialised once: the job carries this text rather than a copy of the body (ProviderJob `bodyText`).
   */
  bodyText?: string;
}

export interface SubmittedRequest {
  requestId: string;
  inbox: ReplyInbox;
  deadlineAt: number;
  /** The request's dealings with the response cache (x-sluice-cache, serve_stale_on_error), for chat requests. */
  cache?: RequestCache | undefined;
}

/** A chat request's fate: answered from the cache at once, or enqueued. `omitted`: see ForwardingPlan. */
export type Dispatched = (
  | { kind: 'cached'; answer: CachedAnswer; cache: RequestCache }
  | ({ kind: 'queued' } & SubmittedRequest)
) & { omitted?: string[] };

export interface SyncDispatcherOptions {
  config: () => GatewayConfig;
  queues: ProviderQueues;
  replies: ReplyListener;
  requestTimeoutMs: number;
  /** The response cache's lookups; without it every chat request is enqueued (x-sluice-cache: off). */
  cache?: CacheGate;
  /** The worker of this process, which takes a job straight from the ingress when it has a free slot (LocalHandoff). */
  handoff?: Pick<LocalHandoff, 'offer'> | undefined;
  now?: () => number;
}

/**
 * Plans a request, opens its reply inbox, then hands it to the worker of this process or enqueues it to the first
 * target's provider queue (docs/sync-handoff.md).
 */
export class SyncDispatcher {
  constructor(private readonly options: SyncDispatcherOptions) {}

  /** The gateway config requests are routed by now. */
  config(): GatewayConfig {
    return this.options.config();
  }

  /**
   * A request that is never cached; `native`: in a provider's dialect, forwarded as it came to that provider's
   * accounts.
   */
  async submit(submission: SyncSubmission, native?: NativeSubmission): Promise<SubmittedRequest> {
    const config = this.options.config();
    const job = this.plan(config, submission, this.now());
    return this.enqueue(native ? forwardingPlan(config, job, native).job : job);
  }

  /**
   * A `/v1/completions`, `/v1/moderations` or `/v1/rerank` request: forwarded as it came to the targets that serve
   * it, translated to chat for the others where it can be (forwardedOperationPlan). Never answered from the cache.
   */
  async submitForwarded(submission: SyncSubmission, forwarded: ForwardedSubmission): Promise<SubmittedRequest> {
    const config = this.options.config();
    return this.enqueue(forwardedOperationPlan(config, this.plan(config, submission, this.now()), forwarded));
  }

  /**
   * A token count (`/v1/messages/count_tokens`, Gemini's `:countTokens`) for the targets of the request's plan that
   * speak its dialect, forwarded as it came; undefined when the plan's first target is not such an account (the caller
   * counts it itself).
   */
  async submitTokenCount(submission: SyncSubmission, call: NativeCall): Promise<SubmittedRequest | undefined> {
    const config = this.options.config();
    const job = this.plan(config, submission, this.now());
    const speaks = (provider: string) => config.providers[provider]?.type === call.dialect;
    if (!speaks(job.plan[0]?.provider ?? '')) return undefined;
    return this.enqueue({ ...job, plan: job.plan.filter((target) => speaks(target.provider)), native: call });
  }

  /**
   * An images or audio request (docs/images-and-audio.md), with its multipart upload when it has one: only the plan's
   * targets on accounts that serve media are tried; a plan with none is a 400 naming the endpoint.
   */
  async submitMedia(submission: SyncSubmission & { kind: MediaKind }, upload?: MediaUpload): Promise<SubmittedRequest> {
    const config = this.options.config();
    const job = this.plan(config, submission, this.now());
    const servesMedia = (provider: string) => {
      const type = config.providers[provider]?.type;
      return type !== undefined && adapterFor(type).toMediaRequest !== undefined;
    };
    const plan = job.plan.filter((target) => servesMedia(target.provider));
    if (plan.length === 0)
      throw new InvalidRequestError(
        `No target of the route for "${submission.context.requestedModel}" serves /v1/${MEDIA_OPERATIONS[submission.kind]}: route it to an OpenAI-compatible or Azure OpenAI account.`,
        { param: 'model', code: 'unsupported_endpoint' },
      );
    return this.enqueue({ ...job, plan, ...(upload ? { upload } : {}) });
  }

  /** A chat request: looked up in the response cache first (unless off or refreshed), enqueued on a miss. */
  async dispatch(submission: ChatSubmission): Promise<Dispatched> {
    const now = this.now();
    const config = this.options.config();
    const resolved =
      submission.resolved ??
      resolveConfig(config, submission.context.requestedModel, submission.configHeader, submission.dialect);
    const planned = this.plan(config, { ...submission, resolved }, now);
    const forwarding = submission.native && forwardingPlan(config, planned, submission.native);
    const job = forwarding?.job ?? planned;
    const omitted = forwarding?.omitted ?? [];
    const cache = this.options.cache?.open({
      requestId: job.requestId,
      receivedAt: now,
      request: job.body as ChatCompletionRequest,
      sentBody: job.native?.body,
      context: submission.context,
      resolved,
      plan: job.plan,
      native:
        forwarding?.cachedAsSent && submission.native
          ? { ...submission.native.call, loggedAsSent: job.native?.loggedAsSent === true }
          : undefined,
      nativeResponses: servedNatively(config, job) ? job.responses?.body : undefined,
      headers:
        forwarding?.cacheable === false
          ? { ...submission.cacheHeaders, 'x-sluice-cache': 'off' }
          : submission.cacheHeaders,
    });
    const answer = await cache?.lookup();
    if (cache && answer) return { kind: 'cached', answer, cache, omitted };
    const instruction = cache?.instruction;
    const queued = submission.bodyText !== undefined && !forwarding ? withBodyText(job, submission.bodyText) : job;
    try {
      const submitted = await this.enqueue(
        instruction ? { ...queued, context: { ...queued.context, cache: instruction } } : queued,
      );
      return { kind: 'queued', ...submitted, cache, omitted };
    } catch (error) {
      cache?.settle(false);
      throw error;
    }
  }

  private plan(config: GatewayConfig, submission: SyncSubmission, now: number): ProviderJob {
    return planProviderJob(config, submission, {
      mode: 'sync',
      receivedAt: now,
      deadlineAt: now + this.options.requestTimeoutMs,
      replyTo: this.options.replies.streamKey,
    });
  }

  private async enqueue(job: ProviderJob): Promise<SubmittedRequest> {
    const inbox = this.options.replies.expect(job.requestId);
    try {
      if (!this.options.handoff?.offer(job)) await this.options.queues.enqueue(job, JOB_PRIORITY.sync);
    } catch (error) {
      inbox.close();
      throw error;
    }
    return { requestId: job.requestId, inbox, deadlineAt: job.deadlineAt };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Whether the plan reaches an account with `responses: native` (a Responses request is then cached as it came). */
function servedNatively(config: GatewayConfig, job: ProviderJob): boolean {
  return job.plan.some((target) => config.providers[target.provider]?.responses === 'native');
}
