import type { RequestHandler } from 'express';
import type { AdmitCall, ServeCall, Served } from './governance/admission/admission';
import { checkJsonHeaders } from './input/check-json-headers';
import type { ModelCallHandler } from './model-call-handlers';
import { MODEL_CALL_ROUTES, type ModelCallRoute, type ModelCallRouteName, modelCallRouteAt } from './model-call-routes';

/**
 * The model-call routes as the server dispatches them: every handler a request runs, in order (the app's prelude
 * first), or undefined for a request that is no model call.
 */
export interface ModelCallRouter {
  handlersFor(method: string, path: string): readonly RequestHandler[] | undefined;
}

export interface ModelCallRouterOptions {
  /** What runs before every request's own handlers (the app's first middlewares). */
  prelude: readonly RequestHandler[];
  handlers: Record<ModelCallRouteName, ModelCallHandler | undefined>;
  /** The JSON body parsers: one that leaves the bytes, one that keeps them for a route that forwards them. */
  readJson: RequestHandler;
  readJsonKeepingBytes: RequestHandler;
  /** Admission, once the body is read: governed, or an open gateway's (admitOpenCall). */
  admit: AdmitCall;
}

/** Each served route's handlers, built once from the route table: its body read, its admission, its handler. */
export function modelCallRouter(options: ModelCallRouterOptions): ModelCallRouter {
  const chains = new Map<ModelCallRouteName, readonly RequestHandler[]>();
  for (const route of MODEL_CALL_ROUTES) {
    const handler = options.handlers[route.name];
    if (handler) chains.set(route.name, chainOf(route, handler, options));
  }
  return {
    handlersFor(method, path) {
      const route = modelCallRouteAt(method, path);
      return route && chains.get(route.name);
    },
  };
}

function chainOf(route: ModelCallRoute, handler: ModelCallHandler, options: ModelCallRouterOptions): RequestHandler[] {
  const read =
    route.body === 'multipart'
      ? [checkJsonHeaders, ...(handler.readUpload ? [handler.readUpload] : [])]
      : [route.body === 'json' ? options.readJson : options.readJsonKeepingBytes, checkJsonHeaders];
  return [...options.prelude, ...read, admitted(route, handler.serve, options.admit)];
}

/**
 * The straight line from a read body to the reply: admit the call, hand its admission to the route, and give its
 * holds back when the route did not enqueue it (refused, or answered without a provider); an enqueued call's
 * completion event settles them.
 */
function admitted(route: ModelCallRoute, serve: ServeCall, admit: AdmitCall): RequestHandler {
  return async (request, response) => {
    const admission = await admit(route, request, response);
    let served: Served;
    try {
      served = await serve(request, response, admission);
    } catch (error) {
      admission.giveBack();
      throw error;
    }
    if (served === 'answered') admission.giveBack();
  };
}
