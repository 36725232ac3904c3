import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs handlers in order as express runs a route's stack: `next()` moves on, `next(error)` or a thrown or rejected
 * error ends the chain with that error, and after the last handler `done()` moves past the chain.
 */
export function runHandlers(
  handlers: readonly RequestHandler[],
  request: Request,
  response: Response,
  done: NextFunction,
): void {
  let index = 0;
  const step = (error?: unknown): void => {
    if (error) {
      done(error);
      return;
    }
    const handler = handlers[index];
    index += 1;
    if (handler === undefined) {
      done();
      return;
    }
    try {
      const result: unknown = handler(request, response, step);
      if (result instanceof Promise)
        result.catch((rejection: unknown) => done(rejection ?? new Error('a handler rejected without a reason')));
    } catch (thrown) {
      done(thrown);
    }
  };
  step();
}

/** Several middlewares as one, without the nested router express would build for them. */
export function composeHandlers(handlers: readonly RequestHandler[]): RequestHandler {
  return (request, response, next) => runHandlers(handlers, request, response, next);
}

/** A middleware that runs only for paths under `prefix` (the prefix itself included), case-insensitively. */
export function underPath(prefix: string, handler: RequestHandler): RequestHandler {
  const lower = prefix.toLowerCase();
  return (request, response, next) => {
    const path = request.path.toLowerCase();
    if (path === lower || path.startsWith(`${lower}/`)) runHandlers([handler], request, response, next);
    else next();
  };
}
