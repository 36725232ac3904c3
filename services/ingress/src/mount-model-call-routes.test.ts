import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express, { type ErrorRequestHandler } from 'express';
import { expressAppServer } from './express-app-server';
import type { AdmitCall } from './governance/admission/admission';
import { jsonBodyParser } from './input/json-body-parser';
import type { ModelCallHandler } from './model-call-handlers';
import { MODEL_CALL_ROUTES, type ModelCallRouteName } from './model-call-routes';
import { mountModelCallRoutes } from './mount-model-call-routes';

/** A concrete path for each route: Gemini's with a model in place of `{model}`. */
function samplePath(path: string): string {
  return path.replace('{model}', 'gemini-2.0-flash');
}

/** Answers with its route's name and body; `{"served": "enqueued"}` says it enqueued, `{"throw": true}` throws. */
function recordingHandler(name: string, multipart: boolean): ModelCallHandler {
  return {
    ...(multipart ? { readUpload: (_request, _response, next) => next() } : {}),
    serve: async (request, response) => {
      const body = (request.body ?? {}) as { served?: 'enqueued'; throw?: boolean };
      if (body.throw) throw new Error(`${name} failed`);
      response.json({ route: name, body: request.body as unknown });
      return body.served ?? 'answered';
    },
  };
}

describe('mountModelCallRoutes', () => {
  let origin: string;
  let close: () => void;
  const givenBack: string[] = [];

  before(async () => {
    const handlers = Object.fromEntries(
      MODEL_CALL_ROUTES.map((route) => [
        route.name,
        route.name === 'jobs' ? undefined : recordingHandler(route.name, route.body === 'multipart'),
      ]),
    ) as Record<ModelCallRouteName, ModelCallHandler | undefined>;
    const admit: AdmitCall = async (route) => ({
      configHeader: undefined,
      resolved: undefined,
      logged: {},
      giveBack: () => givenBack.push(route.name),
    });
    const app = express();
    mountModelCallRoutes(app, {
      handlers,
      readJson: jsonBodyParser({ limitBytes: 1024 }),
      readJsonKeepingBytes: jsonBodyParser({ limitBytes: 1024, keepBytes: true }),
      admit,
    });
    app.use((request, response) => void response.status(404).json({ fellThrough: request.path }));
    const answerError: ErrorRequestHandler = (error: Error, _request, response, _next) => {
      response.status(500).json({ error: error.message });
    };
    app.use(answerError);
    const server = expressAppServer(app);
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  after(() => close());

  const post = async (path: string, body = '{"model":"m"}', method = 'POST') => {
    const response = await fetch(`${origin}${path}`, { method, ...(method === 'GET' ? {} : { body }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  test('every served route of the table gets its requests, as express matches paths, with its body read', async () => {
    for (const route of MODEL_CALL_ROUTES) {
      if (route.name === 'jobs') continue;
      const path = samplePath(route.path);
      for (const spelling of [path, `${path}/`, path.toUpperCase().replace(/:(.*)$/, `:${route.name}`)]) {
        const answer = await post(spelling);
        const expected: Record<string, unknown> = { route: route.name };
        if (route.body !== 'multipart') expected.body = { model: 'm' };
        assert.deepEqual(answer, { status: 200, body: expected }, spelling);
      }
    }
  });

  test('what the table sends to no route moves on to the app’s next layers', async () => {
    const unrouted = [
      '/v1/jobs',
      '/v1/chat/completions//',
      '/v1/chat',
      '/v1beta/models/gemini-2.0-flash:GENERATECONTENT',
      '/v1beta/models/gemini-2.0-flash:predict',
      '/v1beta/models/%E0%A4%A:generateContent',
      '/v1beta/models/a:b:generateContent',
    ];
    for (const path of unrouted) assert.deepEqual(await post(path), { status: 404, body: { fellThrough: path } }, path);
    assert.deepEqual(await post('/v1/chat/completions', '', 'GET'), {
      status: 404,
      body: { fellThrough: '/v1/chat/completions' },
    });
  });

  test('admission is given back unless the call was enqueued, and errors reach the app', async () => {
    givenBack.splice(0);
    assert.equal((await post('/v1/embeddings', '{"served":"enqueued"}')).status, 200);
    assert.deepEqual(givenBack, []);
    assert.equal((await post('/v1/embeddings')).status, 200);
    assert.deepEqual(await post('/v1/messages', '{"throw":true}'), { status: 500, body: { error: 'messages failed' } });
    assert.deepEqual(givenBack, ['embeddings', 'messages']);
    assert.equal((await post('/v1/chat/completions', '{"model":')).status, 500);
    assert.deepEqual(givenBack, ['embeddings', 'messages']);
  });
});
