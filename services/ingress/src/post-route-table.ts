import type { RequestHandler } from 'express';
import { runHandlers } from './compose-handlers';

/**
 * POST routes looked up in a table before express walks its router, which visits every earlier layer on each
 * request: for the model calls and job submissions that carry nearly all the traffic. Paths match as express
 * matches them, case-insensitively and with one trailing slash allowed; anything else moves on to the router.
 */
export function postRouteTable(routes: Record<string, readonly RequestHandler[]>): RequestHandler {
  const table = new Map(Object.entries(routes).map(([path, handlers]) => [path.toLowerCase(), handlers]));
  return (request, response, next) => {
    const handlers = request.method === 'POST' ? table.get(normalisedPath(request.path)) : undefined;
    if (handlers === undefined) {
      next();
      return;
    }
    runHandlers(handlers, request, response, next);
  };
}

/** A path as the table keys it: lower case, one trailing slash dropped. */
export function normalisedPath(path: string): string {
  const lower = path.toLowerCase();
  return lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
}
