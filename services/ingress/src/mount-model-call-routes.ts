import type { IRouter, RequestHandler } from 'express';
import type { AdmitCall, ServeCall, Served } from './governance/admission/admission';
import { checkJsonHeaders } from './input/check-json-headers';
import type { ModelCallHandler } from './model-call-handlers';
import { MODEL_CALL_ROUTES, type ModelCallRoute, type ModelCallRouteName, modelCallRouteAt } from './model-call-routes';

export interface ModelCallRoutesOptions {
  handlers: Record<ModelCallRouteName, ModelCallHandler | undefined>;
  /** The JSON body parsers: one that leaves the bytes, one that keeps them for a route that forwards them. */
  readJson: RequestHandler;
  readJsonKeepingBytes: RequestHandler;
  /** Admission, once the body is read: governed, or an open gateway's (admitOpenCall). */
  admit: AdmitCall;
}

/**
 * Adds the model-call routes to an app (or router), built from the route table: each served route's body read, its
 * admission and its handler. Added right after the app's prelude and on the app itself rather than in a router of
 * their own, so that a model call or job submission (nearly all the traffic) walks few layers (BENCHMARKS.md, "#16:
 * the model-call routes as express routes").
 */
export function mountModelCallRoutes(app: IRouter, options: ModelCallRoutesOptions): void {
  for (const route of MODEL_CALL_ROUTES) {
    const handler = options.handlers[route.name];
    if (handler) app.post(expressPathOf(route.path), matchedByTable(route), ...chainOf(route, handler, options));
  }
}

/**
 * The path express matches a route's requests by: the table's own, or for a Gemini call
 * (`/v1beta/models/{model}:{method}`) any one segment as the model, case-insensitively, one trailing slash allowed.
 */
function expressPathOf(path: string): string | RegExp {
  const [before, after] = path.split('{model}');
  if (after === undefined) return path;
  return new RegExp(`^${escapedForRegExp(before ?? '')}[^/]+${escapedForRegExp(after)}/?$`, 'i');
}

function escapedForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Express found the route by its path; the table has the last word (modelCallRouteAt: a Gemini model name that
 * decodes, a method spelled as Gemini spells it). A request it does not send here moves on past the route.
 */
function matchedByTable(route: ModelCallRoute<ModelCallRouteName>): RequestHandler {
  return (request, _response, next) =>
    next(modelCallRouteAt(request.method, request.path) === route ? undefined : 'route');
}

function chainOf(route: ModelCallRoute, handler: ModelCallHandler, options: ModelCallRoutesOptions): RequestHandler[] {
  const read =
    route.body === 'multipart'
      ? [checkJsonHeaders, ...(handler.readUpload ? [handler.readUpload] : [])]
      : [route.body === 'json' ? options.readJson : options.readJsonKeepingBytes, checkJsonHeaders];
  return [...read, admitted(route, handler.serve, options.admit)];
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
