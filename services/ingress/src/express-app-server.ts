import { createServer, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * The HTTP server of an express app, not yet listening, whose requests and responses Node builds with the app's own
 * prototypes (`app.request`, `app.response`). Express sets those prototypes on every request it is handed; on an
 * object built with them that is a no-op, where swapping a prototype would make V8 deoptimise every later access to
 * the object (README.md, Design notes).
 */
export function expressAppServer(app: Express): Server {
  function ExpressRequest(this: IncomingMessage, socket: Socket): void {
    Reflect.apply(IncomingMessage, this, [socket]);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: ServerResponse, request: IncomingMessage, options: unknown): void {
    Reflect.apply(ServerResponse, this, [request, options]);
  }
  ExpressResponse.prototype = app.response;
  return createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}
