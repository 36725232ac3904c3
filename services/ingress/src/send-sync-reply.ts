import { fromWireError, GatewayTimeoutError, type SluiceError } from '@sluice/errors';
import type { Attempt, CancelPublisher, ReplyMessage } from '@sluice/queues';
import type { Response } from 'express';
import { sendCachedReply } from './cache/send-cached-reply';
import type { ReplyFormat, StreamWriter } from './reply-format';
import type { SubmittedRequest } from './sync-dispatcher';

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
  if (first.contentType !== undefined) {
    response.setHeader('content-type', first.contentType);
    response.flushHeaders();
    return relayBinary(response, options, next);
  }
  response.setHeader('content-type', 'text/event-stream; charset=utf-8');
  response.setHeader('cache-control', 'no-cache');
  response.setHeader('connection', 'keep-alive');
  response.flushHeaders();
  const writer = first.native ? forwardedStreamWriter(format) : format.createStreamWriter();
  await relayChunks(response, options, writer, next);
}

/** A forwarded stream's events are already in the client's dialect: written as they came, errors as the format writes them. */
function forwardedStreamWriter(format: ReplyFormat): StreamWriter {
  const own = format.createStreamWriter();
  return { chunk: (event) => event, end: () => '', error: (error) => own.error(error) };
}

async function relayChunks(
  response: Response,
  options: ReplyOptions,
  writer: StreamWriter,
  next: () => Promise<ReplyMessage | undefined>,
): Promise<void> {
  for (;;) {
    const message = await next();
    if (response.destroyed) return;
    if (message?.kind === 'chunks-received') {
      response.write(
        message.data.length === 1 ? writer.chunk(message.data[0] as string) : message.data.map(writer.chunk).join(''),
      );
      continue;
    }
    if (message?.kind === 'stream-ended') {
      const last = writer.end();
      await writer.settled?.();
      response.end(last);
    } else {
      const error =
        message?.kind === 'failed'
          ? fromWireError(message.error)
          : new GatewayTimeoutError('the stream stalled past its deadline');
      if (message?.kind !== 'failed') void options.cancels.cancel(options.submitted.requestId).catch(() => undefined);
      response.end(writer.error(error));
    }
    options.submitted.inbox.close();
    return;
  }
}

/**
 * A binary body (speech audio) written piece by piece as it arrives. Its status is already sent, so a failure or a
 * stall can only cut the body short: the connection is destroyed, and the client sees an incomplete answer.
 */
async function relayBinary(
  response: Response,
  options: ReplyOptions,
  next: () => Promise<ReplyMessage | undefined>,
): Promise<void> {
  for (;;) {
    const message = await next();
    if (response.destroyed) return;
    if (message?.kind === 'chunks-received') {
      for (const piece of message.data) response.write(Buffer.from(piece, 'base64'));
      continue;
    }
    if (message?.kind === 'stream-ended') response.end();
    else {
      if (message?.kind !== 'failed') void options.cancels.cancel(options.submitted.requestId).catch(() => undefined);
      response.destroy();
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
