import assert from 'node:assert/strict';
import { request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express, { type ErrorRequestHandler } from 'express';
import { expressAppServer } from './express-app-server';

describe('expressAppServer', () => {
  let origin: string;
  let close: () => void;
  /** For each request, whether Node built it and its response with the app's prototypes, before express ran. */
  const builtWithTheAppsPrototypes: boolean[] = [];

  before(async () => {
    const app = express();
    app.post('/v1/jobs', express.json({ type: () => true }), (request, response) => {
      response.status(202).json({
        requestPrototypeIsTheApps: Object.getPrototypeOf(request) === app.request,
        responsePrototypeIsTheApps: Object.getPrototypeOf(response) === app.response,
        nodeClasses: request instanceof IncomingMessage && response instanceof ServerResponse,
        path: request.path,
        header: request.get('x-probe') ?? null,
        body: request.body as unknown,
        ip: request.ip,
      });
    });
    app.post('/v1/throws', async () => Promise.reject(new Error('rejected')));
    const answerError: ErrorRequestHandler = (error: Error, _request, response, _next) => {
      response.status(500).json({ error: error.message });
    };
    app.use(answerError);
    const server = expressAppServer(app);
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      builtWithTheAppsPrototypes.push(
        Object.getPrototypeOf(request) === app.request && Object.getPrototypeOf(response) === app.response,
      );
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  test('requests and responses are built with the app’s prototypes, which express keeps, and its helpers work', async () => {
    const response = await fetch(`${origin}/V1/Jobs/?x=1`, {
      method: 'POST',
      body: '{"model":"m"}',
      headers: { 'x-probe': 'seen' },
    });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), {
      requestPrototypeIsTheApps: true,
      responsePrototypeIsTheApps: true,
      nodeClasses: true,
      path: '/V1/Jobs/',
      header: 'seen',
      body: { model: 'm' },
      ip: '127.0.0.1',
    });
    assert.deepEqual(builtWithTheAppsPrototypes.splice(0), [true]);
  });

  test('a request in absolute form is routed by its path', async () => {
    const { port } = new URL(origin);
    const answer = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: `${origin}/v1/jobs` },
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
    assert.equal(answer.body.requestPrototypeIsTheApps, true);
  });

  test('a rejected handler reaches the app’s error middleware', async () => {
    const response = await fetch(`${origin}/v1/throws`, { method: 'POST' });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: 'rejected' });
  });
});
