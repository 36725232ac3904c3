import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from '@sluice/config';
import type { ProviderJob, RequestContext } from '@sluice/queues';
import { planRoute } from './plan-route';
import type { RequestFacts } from './request-facts';
import { type EntryDialect, type ResolvedConfig, resolveConfig } from './resolve-config';

/** One validated request, as every entry point (sync, async job, batch line) hands it to routing. */
export interface RoutedRequest {
  kind: ProviderJob['kind'];
  body: Record<string, unknown>;
  stream: boolean;
  context: RequestContext;
  configHeader: string | undefined;
  facts: RequestFacts;
  /** A Responses API request as the client sent it, for accounts that serve it natively. */
  responses?: ProviderJob['responses'];
  /** The ingress writes a stream as OpenAI chat events (ProviderJob `openAIEvents`). */
  openAIEvents?: true;
  /** The dialect the request arrived in (default OpenAI's); see resolveConfig. */
  dialect?: EntryDialect;
  /** The routing config, when the caller resolved it already (the ingress's admission does); else resolved here. */
  resolved?: ResolvedConfig | undefined;
}

/** How the job runs and where its outcome goes. */
export interface JobPlacement {
  mode: ProviderJob['mode'];
  receivedAt: number;
  deadlineAt: number;
  replyTo?: string;
  jobId?: string;
  batchLine?: ProviderJob['batchLine'];
}

/**
 * Resolves the request's routing config (unless it comes resolved), plans its targets and builds the provider job to enqueue at step 0,
 * with a fresh request (log) id.
 */
export function planProviderJob(config: GatewayConfig, request: RoutedRequest, placement: JobPlacement): ProviderJob {
  const resolved =
    request.resolved ?? resolveConfig(config, request.context.requestedModel, request.configHeader, request.dialect);
  const plan = planRoute(resolved.routing, { config, facts: request.facts });
  return {
    requestId: `req_${randomUUID().replaceAll('-', '')}`,
    mode: placement.mode,
    kind: request.kind,
    stream: request.stream,
    body: request.body,
    responses: request.responses,
    ...(request.openAIEvents ? { openAIEvents: true } : {}),
    replyTo: placement.replyTo,
    jobId: placement.jobId,
    batchLine: placement.batchLine,
    plan,
    step: 0,
    attempts: [],
    deferrals: 0,
    receivedAt: placement.receivedAt,
    enqueuedAt: placement.receivedAt,
    deadlineAt: placement.deadlineAt,
    context: { ...request.context, configId: resolved.id },
  };
}
