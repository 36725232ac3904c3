import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SyncDispatcher } from '@sluice/dispatch';
import { createLogger } from '@sluice/observability';
import type { ResponseStore } from '@sluice/responses';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { errorMiddleware } from './error-middleware';
import { modelCallHandlers } from './model-call-handlers';
import { errorDialectAt, jobCallRoute, MODEL_CALL_ROUTES, modelCallRouteAt } from './model-call-routes';

/** A concrete path for each route: Gemini's with a model in place of `{model}`. */
function samplePath(path: string): string {
  return path.replace('{model}', 'gemini-2.0-flash');
}

describe('the model-call route table', () => {
  test('every entry resolves to itself, as express matches paths', () => {
    for (const route of MODEL_CALL_ROUTES) {
      const path = samplePath(route.path);
      for (const spelling of [path, `${path}/`, path.toUpperCase().replace('V1BETA', 'v1beta')]) {
        const method = route.dialect === 'gemini' ? spelling.replace(/:.*/, `:${route.name}`) : spelling;
        assert.equal(modelCallRouteAt('POST', method)?.name, route.name, method);
      }
    }
  });

  test('paths are unique and every model call or job submission says what it is logged as', () => {
    assert.equal(new Set(MODEL_CALL_ROUTES.map((route) => route.path)).size, MODEL_CALL_ROUTES.length);
    for (const route of MODEL_CALL_ROUTES) {
      if (route.kind === 'model-call') assert.ok('endpoint' in route && route.endpoint, route.name);
      if (route.kind === 'token-count') assert.ok(!('endpoint' in route), route.name);
    }
    assert.equal(jobCallRoute('/v1/embeddings').name, 'embeddings');
    assert.equal(jobCallRoute(undefined).name, 'chat');
  });

  test('other methods, unknown paths and unknown Gemini methods fall through', () => {
    assert.equal(modelCallRouteAt('GET', '/v1/chat/completions'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1/chat/completions//'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1/chat'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1/jobs/job_1/cancel'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1/messages/batches'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1beta/models/gemini-2.0-flash:predict'), undefined);
    assert.equal(modelCallRouteAt('POST', '/v1beta/models'), undefined);
  });

  test('errors take the dialect of the path’s route, Gemini’s anywhere under its prefix, else OpenAI’s', () => {
    assert.equal(errorDialectAt('/v1/messages'), 'anthropic');
    assert.equal(errorDialectAt('/V1/Messages/count_tokens/'), 'anthropic');
    assert.equal(errorDialectAt('/v1beta/models/gemini-2.0-flash:generateContent'), 'gemini');
    assert.equal(errorDialectAt('/v1beta/unknown'), 'gemini');
    assert.equal(errorDialectAt('/v1/responses'), 'openai');
    assert.equal(errorDialectAt('/v1/messages/batches'), 'openai');
    assert.equal(errorDialectAt('/unknown'), 'openai');
  });

  test('every entry has a handler when its dependencies are given', () => {
    const handlers = modelCallHandlers({
      dispatcher: {} as SyncDispatcher,
      cancels: { publish: async () => undefined } as never,
      responseStore: {} as ResponseStore,
      asyncWork: { submitter: {} } as never,
      media: { blobs: {} as never, maxBytes: 1 },
    });
    for (const route of MODEL_CALL_ROUTES) {
      const handler = handlers[route.name];
      assert.ok(handler, route.name);
      assert.equal(handler.readUpload !== undefined, route.body === 'multipart', route.name);
    }
  });
});

describe('errors in the route’s dialect', () => {
  const logger = createLogger({ level: 'silent' });
  const middleware: ErrorRequestHandler = errorMiddleware({
    logger,
    bodyLimit: 1024,
    events: { publish: async () => undefined },
  });
  const answer = (path: string) => {
    let sent: unknown;
    const headers = new Map<string, unknown>();
    const response = {
      headersSent: false,
      status: () => response,
      json: (body: unknown) => {
        sent = body;
      },
      hasHeader: (name: string) => headers.has(name),
      setHeader: (name: string, value: unknown) => headers.set(name, value),
    };
    const request = { method: 'GET', path, headers: {}, body: undefined } as unknown as Request;
    const error = Object.assign(new Error('bad'), { type: 'entity.parse.failed' });
    middleware(error, request, response as unknown as Response, () => undefined);
    return sent as Record<string, unknown>;
  };

  test('each dialect answers with its own error body', () => {
    assert.equal(answer('/v1/messages').type, 'error');
    const gemini = answer('/v1beta/models/m:generateContent').error as Record<string, unknown>;
    assert.equal(gemini.status, 'INVALID_ARGUMENT');
    const openAI = answer('/v1/chat/completions').error as Record<string, unknown>;
    assert.equal(openAI.code, 'invalid_json');
  });
});
