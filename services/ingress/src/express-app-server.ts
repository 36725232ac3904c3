import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';

/**
 * The HTTP server of an express app, not yet listening, whose requests and responses Node builds with the app's own
 * prototypes. Express sets `app.request` and `app.response` as the prototypes of every request and response it is
 * handed; swapping an object's prototype makes V8 deoptimise every later access to it (README.md, Design notes).
 * Here they are subclasses of Node's, whose prototypes hold express's helpers and become the app's `request` and
 * `response`, so that express's swap is a no-op. Subclasses rather than plain constructors: V8 sizes a subclass's
 * objects for every property its base constructors add, so they stay as fast to build and read as Node's own.
 */
export function expressAppServer(app: Express): Server {
  class ExpressRequest extends IncomingMessage {}
  class ExpressResponse<Incoming extends IncomingMessage> extends ServerResponse<Incoming> {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  app.request = ExpressRequest.prototype as Request;
  app.response = ExpressResponse.prototype as Response;
  return createServer({ IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse }, app);
}
