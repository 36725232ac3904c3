import { randomUUID } from 'node:crypto';
import type { SluiceError } from '@sluice/errors';
import { governanceOf, namedConfig, presentedCredential, virtualKeyOf } from '@sluice/governance';
import { type Logger, ThrottledWarning } from '@sluice/observability';
import { type CompletionEventPublisher, type RequestContext, rejectedRequestEvent } from '@sluice/queues';
import type { Request, Response } from 'express';
import { type LoggedCall, loggedCallOf } from './logged-call-of';
import { readRequestContext } from './read-request-context';
import { receivedAtOf } from './received-at';

/** The code of the 404 for a route the ingress does not serve: no call, nothing to log. */
export const UNKNOWN_ROUTE = 'unknown_route';
const REQUEST_ID_HEADER = 'x-sluice-request-id';

export interface RejectedRequestLogOptions {
  events: Pick<CompletionEventPublisher, 'publish'>;
  logger: Logger;
  now?: () => number;
}

/**
 * Logs the model calls the ingress refuses before enqueueing them (validation, authentication, permissions, consumer
 * limits, budgets, body size, routing), so that the request log has every call. A request that was enqueued or
 * answered from the cache already carries x-sluice-request-id and publishes its own event, so it is left alone; a
 * refused one gets its id here, in that header. Publishing is off the response's path: a failure is only a warning.
 */
export class RejectedRequestLog {
  private readonly warning: ThrottledWarning;

  constructor(private readonly options: RejectedRequestLogOptions) {
    this.warning = new ThrottledWarning(options.logger, undefined, () => this.now());
  }

  record(request: Request, response: Response, error: SluiceError): void {
    const call = loggedCallOf(request);
    if (!call || error.code === UNKNOWN_ROUTE || response.hasHeader(REQUEST_ID_HEADER)) return;
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    try {
      const completedAt = this.now();
      const event = rejectedRequestEvent({
        requestId,
        receivedAt: receivedAtOf(request) ?? completedAt,
        completedAt,
        call,
        context: contextOf(request, call),
        configId: namedConfig(request.headers) ?? virtualKeyOf(request)?.record.config ?? undefined,
        error,
        requestBody: governanceOf(request) ? request.body : undefined,
        credential: presentedCredential(request),
      });
      this.options.events.publish(event).catch((publishError: unknown) => this.warn(publishError, requestId));
    } catch (buildError) {
      this.warn(buildError, requestId);
    }
  }

  private warn(error: unknown, requestId: string): void {
    this.warning.warn({ err: error, requestId }, 'could not log a refused request');
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** The request's x-sluice-* context; with an unreadable x-sluice-metadata (the refusal itself, maybe), the rest of it. */
function contextOf(request: Request, call: LoggedCall): RequestContext {
  try {
    return readRequestContext(request, call.requestedModel);
  } catch {
    const { 'x-sluice-metadata': _metadata, ...headers } = request.headers;
    const readable: Request = Object.create(request, { headers: { value: headers } });
    return { ...readRequestContext(readable, call.requestedModel), virtualKeyId: virtualKeyOf(request)?.record.id };
  }
}
