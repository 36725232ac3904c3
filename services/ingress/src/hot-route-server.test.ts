import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SluiceError } from '@sluice/errors';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { hotRouteServer } from './hot-route-server';
import type { ModelCallRouter } from './model-call-router';
import { normalisedPath } from './model-call-routes';

const mark =
  (name: string): RequestHandler =>
  (_request, response, next) => {
    response.append('x-ran', name);
    next();
  };

/** Answers with what express's helpers see, and whether express swapped the request's prototype. */
const describeRequest: RequestHandler = (request, response) => {
  const prototypeSwapped = Object.getPrototypeOf(request) === (request.app as Express).request;
  response.status(202).json({
    path: request.path,
    header: request.get('x-probe') ?? null,
    body: request.body as unknown,
    prototypeSwapped,
    ip: request.ip,
  });
};

/** POST paths looked up in a Map, as the model-call router looks up its routes. */
function tableRouter(prelude: RequestHandler[], table: Record<string, RequestHandler[]>): ModelCallRouter {
  const chains = new Map(Object.entries(table).map(([path, handlers]) => [path, [...prelude, ...handlers]]));
  return { handlersFor: (method, path) => (method === 'POST' ? chains.get(normalisedPath(path)) : undefined) };
}

describe('hotRouteServer', () => {
  let port: number;
  let close: () => void;

  before(async () => {
    const app = express();
    const prelude = [mark('prelude')];
    app.use(...prelude);
    const table: Record<string, RequestHandler[]> = {
      '/v1/jobs': [express.json({ type: () => true }), describeRequest],
      '/v1/throws': [
        () => {
          throw new SluiceError({
            message: 'thrown',
            code: 'invalid_request',
            status: 400,
            type: 'invalid_request_error',
          });
        },
      ],
      '/v1/rejects': [async () => Promise.reject(new Error('rejected'))],
      '/v1/next-error': [(_request, _response, next) => next(new Error('passed on'))],
      '/v1/falls-through': [(_request, _response, next) => next()],
      '/v1/messages': [() => Promise.reject(new Error('in the other dialect'))],
    };
    app.all(
      '/{*rest}',
      (request, response) =>
        void response.status(404).json({ handled: 'router', method: request.method, path: request.path }),
    );
    const firstDialect: ErrorRequestHandler = (error: Error, request, response, next) => {
      if (request.path !== '/v1/messages') return next(error);
      response.status(500).json({ type: 'error', error: { message: error.message } });
    };
    const lastResort: ErrorRequestHandler = (error: Error, _request, response, _next) => {
      const status = error instanceof SluiceError ? error.status : 500;
      response.status(status).json({ error: error.message });
    };
    app.use(firstDialect, lastResort);
    const server = hotRouteServer(app, { router: tableRouter(prelude, table), onError: [firstDialect, lastResort] });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
    close = () => server.close();
  });
  after(() => close());

  const call = async (method: string, path: string, body?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, body, headers: { 'x-probe': 'seen' } });
    return {
      status: response.status,
      ran: response.headers.get('x-ran'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  test('a POST to a hot path runs the prelude and its handlers with express helpers, as express matches paths', async () => {
    for (const path of ['/v1/jobs', '/V1/Jobs', '/v1/jobs/', '/v1/jobs?x=1']) {
      const answer = await call('POST', path, '{"model":"m"}');
      assert.equal(answer.status, 202, path);
      assert.equal(answer.ran, 'prelude', path);
      assert.deepEqual(answer.body, {
        path: path.split('?')[0],
        header: 'seen',
        body: { model: 'm' },
        prototypeSwapped: false,
        ip: '127.0.0.1',
      });
    }
  });

  test('other methods and paths go to the app, which runs the prelude once', async () => {
    assert.deepEqual(await call('GET', '/v1/jobs'), {
      status: 404,
      ran: 'prelude',
      body: { handled: 'router', method: 'GET', path: '/v1/jobs' },
    });
    assert.equal((await call('POST', '/v1/jobs/job_1/cancel')).body.handled, 'router');
  });

  test('a hot path in absolute form is dispatched by the same router', async () => {
    const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `http://127.0.0.1:${port}/v1/jobs`,
          headers: { 'content-type': 'application/json' },
        },
        (response: IncomingMessage) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
          );
        },
      );
      request.on('error', reject);
      request.end('{"model":"absolute"}');
    });
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.body.body, { model: 'absolute' });
    assert.equal(answer.body.prototypeSwapped, false);
  });

  test('thrown, rejected and passed-on errors reach the error handlers in order', async () => {
    assert.deepEqual(await call('POST', '/v1/throws'), { status: 400, ran: 'prelude', body: { error: 'thrown' } });
    assert.deepEqual(await call('POST', '/v1/rejects'), { status: 500, ran: 'prelude', body: { error: 'rejected' } });
    assert.deepEqual(await call('POST', '/v1/next-error'), {
      status: 500,
      ran: 'prelude',
      body: { error: 'passed on' },
    });
    assert.deepEqual((await call('POST', '/v1/messages')).body, {
      type: 'error',
      error: { message: 'in the other dialect' },
    });
  });

  test('handlers that all pass the request on end in a 404 from the error handlers', async () => {
    assert.deepEqual(await call('POST', '/v1/falls-through'), {
      status: 404,
      ran: 'prelude',
      body: { error: 'Unknown route: POST /v1/falls-through' },
    });
  });
});
