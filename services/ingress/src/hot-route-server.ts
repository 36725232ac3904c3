import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, Response } from 'express';
import { runHandlers } from './compose-handlers';
import { notFoundHandler } from './error-middleware';
import type { ModelCallRouter } from './model-call-router';

export interface HotRoutes {
  /** The model-call routes, dispatched here rather than by the app. */
  router: ModelCallRouter;
  /** The app's error handlers, in order. */
  onError: readonly ErrorRequestHandler[];
}

/**
 * The ingress's HTTP server, not yet listening. A model call or job submission (nearly all the traffic) runs the
 * prelude and its route's handlers at once, with express's request and response helpers but without its router,
 * which walks every layer and builds a final handler on each request; everything else goes to the app.
 *
 * Node builds each request and response as a subclass that inherits express's helpers, where express would swap the
 * prototype of every request and response it is handed: V8 then deoptimises every later access to those objects,
 * which cost more CPU than everything else a job submission does (0.06 ms of 0.2 here).
 */
export function hotRouteServer(app: Express, routes: HotRoutes): Server {
  class ExpressRequest extends IncomingMessage {}
  class ExpressResponse<Incoming extends IncomingMessage> extends ServerResponse<Incoming> {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return createServer({ IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse }, (incoming, outgoing) => {
    const request = incoming as Request;
    const handlers = routes.router.handlersFor(request.method, request.path);
    if (handlers === undefined) {
      app(incoming, outgoing);
      return;
    }
    const response = outgoing as Response;
    enterExpress(request, response);
    const fail = (error: unknown) => runErrorHandlers(routes.onError, error, request, response);
    runHandlers(handlers, request, response, (error?: unknown) =>
      error ? fail(error) : notFoundHandler(request, response, fail),
    );
  });
}

/** What express's app.handle and router.handle set up before the first middleware runs, but the prototypes. */
function enterExpress(request: Request, response: Response): void {
  request.res = response;
  response.req = request;
  response.locals = Object.create(null) as Response['locals'];
  request.baseUrl = '';
  request.originalUrl = request.url;
}

/** The error handlers in order, as express runs them: each answers or passes the error on with `next(error)`. */
function runErrorHandlers(
  handlers: readonly ErrorRequestHandler[],
  error: unknown,
  request: Request,
  response: Response,
): void {
  const [first, ...rest] = handlers;
  if (first === undefined) {
    response.destroy();
    return;
  }
  const next: NextFunction = (passed?: unknown) => runErrorHandlers(rest, passed ?? error, request, response);
  try {
    const result: unknown = first(error, request, response, next);
    if (result instanceof Promise) result.catch((rejection: unknown) => next(rejection));
  } catch (thrown) {
    next(thrown);
  }
}
