import type { SubmittedRequest } from '@sluice/dispatch';
import { fromWireError, GatewayTimeoutError, type SluiceError } from '@sluice/errors';
import { type RelayedBody, type ReplyFormat, relayedBodyOf } from '@sluice/providers';
import type { Attempt, CancelPublisher, ReplyMessage } from '@sluice/queues';
import type { Response } from 'express';
import { sendCachedReply } from './cache/send-cached-reply';

/** Time allowed past the deadline for the worker's own timeout report to arrive. */
const DEADLINE_GRACE_MS = 2_000;

export interface ReplyOptions {
  submitted: SubmittedRequest;
  format: ReplyFormat;
  cancels: CancelPublisher;
  now?: () => number;
}

/**
 * Waits for the worker's reply and writes it: a complete body, or an SSE stream relayed chunk by chunk.
 * A client that goes away cancels the upstream call.
 */
export async function sendSyncReply(response: Response, options: ReplyOptions): Promise<void> {
  const { submitted, format } = options;
  const now = options.now ?? Date.now;
  response.setHeader('x-sluice-request-id', submitted.requestId);
  response.setHeader('x-sluice-cache', submitted.cache?.status ?? 'off');
  response.on('close', () => {
    if (response.writableFinished) return;
    submitted.inbox.close();
    void options.cancels.cancel(submitted.requestId).catch(() => undefined);
  });
  const next = () => submitted.inbox.next(submitted.deadlineAt + DEADLINE_GRACE_MS - now());
  const first = await next();
  if (first === undefined) return endWithoutReply(response, options);
  if (first.kind === 'failed') {
    submitted.inbox.close();
    const error = fromWireError(first.error);
    if (await sendStale(response, options, error, first.attempts)) return;
    return sendFailure(response, format, error, first.attempts);
  }
  if (first.kind === 'result') {
    servedHeaders(response, first.provider, first.model, first.attempts);
    if (first.contentType !== undefined) {
      response.status(200).setHeader('content-type', first.contentType);
      response.send(first.body);
      submitted.inbox.close();
      return;
    }
    const body = first.native ? first.body : format.body(first.body);
    await format.settled?.();
    response.status(200).type('application/json').send(body);
    submitted.inbox.close();
    return;
  }
  if (first.kind !== 'stream-started') return endWithoutReply(response, options);
  servedHeaders(response, first.provider, first.model, first.attempts);
  response.status(200);
  const binary = first.contentType !== undefined;
  if (first.contentType !== undefined) response.setHeader('content-type', first.contentType);
  else {
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache');
    response.setHeader('connection', 'keep-alive');
  }
  // A stream's first chunks come with its start (one post, or one append): then they carry the headers in one write.
  if (!submitted.inbox.hasQueued) response.flushHeaders();
  await relay(response, options, next, relayedBodyOf(format, { binary, native: first.native === true }));
}

/** Writes the worker's messages as they arrive until the stream ends, fails, or stalls past its deadline. */
async function relay(
  response: Response,
  options: ReplyOptions,
  next: () => Promise<ReplyMessage | undefined>,
  body: RelayedBody,
): Promise<void> {
  for (;;) {
    const message = await next();
    if (response.destroyed) return;
    if (message?.kind === 'chunks-received') {
      response.write(body.chunks(message.data));
      continue;
    }
    if (message?.kind === 'stream-ended') response.end(await body.end());
    else {
      const error =
        message?.kind === 'failed'
          ? fromWireError(message.error)
          : new GatewayTimeoutError('the stream stalled past its deadline');
      if (message?.kind !== 'failed') void options.cancels.cancel(options.submitted.requestId).catch(() => undefined);
      const last = body.failed(error);
      if (last === undefined) response.destroy();
      else response.end(last);
    }
    options.submitted.inbox.close();
    return;
  }
}

/** serve_stale_on_error: the cached copy instead of the failure, when the policy allows it and a copy exists. */
async function sendStale(
  response: Response,
  options: ReplyOptions,
  error: SluiceError,
  attempts: Attempt[],
): Promise<boolean> {
  const cache = options.submitted.cache;
  const answer = await cache?.lookupStale(error, attempts);
  if (!cache || !answer || response.destroyed) return false;
  await sendCachedReply(response, answer, options.format);
  cache.served(answer);
  return true;
}

function servedHeaders(response: Response, provider: string, model: string, attempts: Attempt[]): void {
  response.setHeader('x-sluice-provider', provider);
  response.setHeader('x-sluice-model', model);
  response.setHeader('x-sluice-attempts', String(attempts.length));
}

function sendFailure(response: Response, format: ReplyFormat, error: SluiceError, attempts: Attempt[]): void {
  response.setHeader('x-sluice-attempts', String(attempts.length));
  if (error.retryAfterMs !== undefined && error.status === 429)
    response.setHeader('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
  response.status(error.status).json(format.errorBody(error));
}

function endWithoutReply(response: Response, options: ReplyOptions): void {
  options.submitted.inbox.close();
  if (response.destroyed) return;
  void options.cancels.cancel(options.submitted.requestId).catch(() => undefined);
  const error = new GatewayTimeoutError(
    'no answer arrived before the request deadline; the upstream call was cancelled',
  );
  response.status(error.status).json(options.format.errorBody(error));
}
