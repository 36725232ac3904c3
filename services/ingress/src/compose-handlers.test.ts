import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { composeHandlers, underPath } from './compose-handlers';

const mark =
  (name: string): RequestHandler =>
  (_request, response, next) => {
    response.append('x-ran', name);
    next();
  };

describe('composeHandlers and underPath', () => {
  let base: string;
  let close: () => void;

  before(async () => {
    const app = express();
    app.use(composeHandlers([mark('gate'), underPath('/admin', mark('admin-only'))]));
    app.post(
      '/v1/jobs',
      composeHandlers([mark('first'), (_request, response) => void response.status(202).json({ handled: 'table' })]),
    );
    app.post(
      '/v1/throws',
      composeHandlers([
        () => {
          throw new Error('thrown');
        },
      ]),
    );
    app.post('/v1/rejects', composeHandlers([async () => Promise.reject(new Error('rejected'))]));
    app.post('/v1/next-error', composeHandlers([(_request, _response, next) => next(new Error('passed on'))]));
    app.all(
      '/{*rest}',
      (request, response) =>
        void response.status(404).json({ handled: 'router', method: request.method, path: request.path }),
    );
    const onError: ErrorRequestHandler = (error: Error, _request, response, _next) =>
      void response.status(500).json({ error: error.message });
    app.use(onError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const call = async (method: string, path: string) => {
    const response = await fetch(`${base}${path}`, { method });
    return {
      status: response.status,
      ran: response.headers.get('x-ran'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  test('composed handlers run in order', async () => {
    for (const path of ['/v1/jobs', '/v1/jobs?x=1']) {
      const answer = await call('POST', path);
      assert.equal(answer.status, 202, path);
      assert.deepEqual(answer.body, { handled: 'table' });
      assert.equal(answer.ran, 'gate, first');
    }
  });

  test('thrown, rejected and passed-on errors reach the error middleware', async () => {
    assert.deepEqual(await call('POST', '/v1/throws'), { status: 500, ran: 'gate', body: { error: 'thrown' } });
    assert.deepEqual(await call('POST', '/v1/rejects'), { status: 500, ran: 'gate', body: { error: 'rejected' } });
    assert.deepEqual(await call('POST', '/v1/next-error'), { status: 500, ran: 'gate', body: { error: 'passed on' } });
  });

  test('underPath runs for the prefix and below it only', async () => {
    assert.equal((await call('GET', '/admin')).ran, 'gate, admin-only');
    assert.equal((await call('GET', '/Admin/keys')).ran, 'gate, admin-only');
    assert.equal((await call('GET', '/administrator')).ran, 'gate');
  });
});
