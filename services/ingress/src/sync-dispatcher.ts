import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '@sluice/config';
import {
  JOB_PRIORITY,
  type ProviderJob,
  type ProviderQueues,
  type ReplyInbox,
  type ReplyListener,
  type RequestContext,
} from '@sluice/queues';
import { planRoute, type RequestFacts, resolveConfig } from '@sluice/routing';

export interface SyncSubmission {
  kind: ProviderJob['kind'];
  body: Record<string, unknown>;
  stream: boolean;
  context: RequestContext;
  configHeader: string | undefined;
  facts: RequestFacts;
}

export interface SubmittedRequest {
  requestId: string;
  inbox: ReplyInbox;
  deadlineAt: number;
}

export interface SyncDispatcherOptions {
  config: () => GatewayConfig;
  queues: ProviderQueues;
  replies: ReplyListener;
  requestTimeoutMs: number;
  now?: () => number;
}

/** Plans a request, opens its reply inbox, then enqueues it to the first target's provider queue. */
export class SyncDispatcher {
  constructor(private readonly options: SyncDispatcherOptions) {}

  async submit(submission: SyncSubmission): Promise<SubmittedRequest> {
    const now = (this.options.now ?? Date.now)();
    const config = this.options.config();
    const resolved = resolveConfig(config, submission.context.requestedModel, submission.configHeader);
    const plan = planRoute(resolved.routing, { config, facts: submission.facts });
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const deadlineAt = now + this.options.requestTimeoutMs;
    const inbox = this.options.replies.expect(requestId);
    try {
      await this.options.queues.enqueue(
        {
          requestId,
          mode: 'sync',
          kind: submission.kind,
          stream: submission.stream,
          body: submission.body,
          replyTo: this.options.replies.streamKey,
          plan,
          step: 0,
          attempts: [],
          receivedAt: now,
          enqueuedAt: now,
          deadlineAt,
          context: { ...submission.context, configId: resolved.id },
        },
        JOB_PRIORITY.sync,
      );
    } catch (error) {
      inbox.close();
      throw error;
    }
    return { requestId, inbox, deadlineAt };
  }
}
