import type { GatewayConfig } from '@sluice/config';
import type { ChatCompletionRequest } from '@sluice/providers';
import {
  JOB_PRIORITY,
  type ProviderJobInput,
  type ProviderQueues,
  type ReplyInbox,
  type ReplyListener,
} from '@sluice/queues';
import { planProviderJob, type RoutedRequest, resolveConfig } from '@sluice/routing';
import type { CacheHeaders } from '@sluice/semantic-cache';
import type { CacheGate } from './cache/cache-gate';
import type { CachedAnswer } from './cache/cached-answer';
import type { RequestCache } from './cache/request-cache';

export type SyncSubmission = RoutedRequest;

/** A chat request, which may be answered from the response cache. */
export interface ChatSubmission extends SyncSubmission {
  body: ChatCompletionRequest;
  cacheHeaders: CacheHeaders;
}

export interface SubmittedRequest {
  requestId: string;
  inbox: ReplyInbox;
  deadlineAt: number;
  /** The request's dealings with the response cache (x-sluice-cache, serve_stale_on_error), for chat requests. */
  cache?: RequestCache | undefined;
}

/** A chat request's fate: answered from the cache at once, or enqueued. */
export type Dispatched =
  | { kind: 'cached'; answer: CachedAnswer; cache: RequestCache }
  | ({ kind: 'queued' } & SubmittedRequest);

export interface SyncDispatcherOptions {
  config: () => GatewayConfig;
  queues: ProviderQueues;
  replies: ReplyListener;
  requestTimeoutMs: number;
  /** The response cache's lookups; without it every chat request is enqueued (x-sluice-cache: off). */
  cache?: CacheGate;
  now?: () => number;
}

/** Plans a request, opens its reply inbox, then enqueues it to the first target's provider queue. */
export class SyncDispatcher {
  constructor(private readonly options: SyncDispatcherOptions) {}

  async submit(submission: SyncSubmission): Promise<SubmittedRequest> {
    return this.enqueue(this.plan(this.options.config(), submission, this.now()));
  }

  /** A chat request: looked up in the response cache first (unless off or refreshed), enqueued on a miss. */
  async dispatch(submission: ChatSubmission): Promise<Dispatched> {
    const now = this.now();
    const config = this.options.config();
    const job = this.plan(config, submission, now);
    const cache = this.options.cache?.open({
      requestId: job.requestId,
      receivedAt: now,
      request: submission.body,
      context: submission.context,
      resolved: resolveConfig(config, submission.context.requestedModel, submission.configHeader),
      plan: job.plan,
      headers: submission.cacheHeaders,
    });
    const answer = await cache?.lookup();
    if (cache && answer) return { kind: 'cached', answer, cache };
    const instruction = cache?.instruction;
    try {
      const submitted = await this.enqueue(
        instruction ? { ...job, context: { ...job.context, cache: instruction } } : job,
      );
      return { kind: 'queued', ...submitted, cache };
    } catch (error) {
      cache?.settle(false);
      throw error;
    }
  }

  private plan(config: GatewayConfig, submission: SyncSubmission, now: number): ProviderJobInput {
    return planProviderJob(config, submission, {
      mode: 'sync',
      receivedAt: now,
      deadlineAt: now + this.options.requestTimeoutMs,
      replyTo: this.options.replies.streamKey,
    });
  }

  private async enqueue(job: ProviderJobInput): Promise<SubmittedRequest> {
    const inbox = this.options.replies.expect(job.requestId);
    try {
      await this.options.queues.enqueue(job, JOB_PRIORITY.sync);
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
