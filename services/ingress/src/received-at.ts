import type { Request, RequestHandler } from 'express';

const receivedAts = new WeakMap<Request, number>();

/** Notes when each request arrived, so that a request refused before it was enqueued is logged with its latency. */
export function recordReceivedAt(now: () => number = Date.now): RequestHandler {
  return (request, _response, next) => {
    receivedAts.set(request, now());
    next();
  };
}

export function receivedAtOf(request: Request): number | undefined {
  return receivedAts.get(request);
}
