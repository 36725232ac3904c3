import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuthenticationError, PermissionError } from '@sluice/errors';
import { CompletionEventSchema } from './completion-event';
import type { RequestContext } from './provider-job';
import { type RejectedRequest, rejectedRequestEvent } from './rejected-request-event';

const KEY = 'sk-sluice-presented-0123456789';

function rejected(overrides: Partial<RejectedRequest> = {}): RejectedRequest {
  const context: RequestContext = {
    requestedModel: 'gpt-4o',
    properties: { team: 'search' },
    metadata: {},
    omitBodies: false,
    userId: 'u1',
    traceId: 'trace-1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ip: '127.0.0.1',
    virtualKeyId: 'vk_1',
    admissionId: 'adm_1',
  };
  return {
    requestId: 'req_1',
    receivedAt: Date.parse('2026-01-31T12:00:00Z'),
    completedAt: Date.parse('2026-01-31T12:00:00.025Z'),
    call: { mode: 'sync', endpoint: 'chat', requestedModel: 'gpt-4o' },
    context,
    configId: undefined,
    error: new PermissionError("model 'gpt-4o' is not allowed for this key", 'model_not_allowed'),
    requestBody: { model: 'gpt-4o', messages: [] },
    credential: KEY,
    ...overrides,
  };
}

describe('rejectedRequestEvent', () => {
  test('a refused call is an error record with its status, error, context, no attempts and no usage', () => {
    const event = CompletionEventSchema.parse(rejectedRequestEvent(rejected()));
    assert.equal(event.status, 'error');
    assert.equal(event.http_status, 403);
    assert.equal(event.error, "permission_error/model_not_allowed: model 'gpt-4o' is not allowed for this key");
    assert.equal(event.mode, 'sync');
    assert.equal(event.requested_model, 'gpt-4o');
    assert.equal(event.virtual_key_id, 'vk_1');
    assert.equal(event.admission_id, undefined, 'the ingress gives the holds back itself');
    assert.deepEqual(event.properties, { team: 'search' });
    assert.equal(event.user_id, 'u1');
    assert.equal(event.trace_id, 'trace-1');
    assert.equal(event.ip, '127.0.0.1');
    assert.equal(event.latency_ms, 25);
    assert.equal(event.created_at, '2026-01-31T12:00:00.000Z');
    assert.deepEqual(event.attempts, []);
    assert.deepEqual(
      [event.prompt_tokens, event.completion_tokens, event.provider, event.served_model],
      [0, 0, null, null],
    );
    assert.deepEqual(event.request_body, { model: 'gpt-4o', messages: [] });
    assert.equal(event.response_body, undefined);
  });

  test('x-sluice-omit-bodies drops the request body', () => {
    const base = rejected();
    const event = rejectedRequestEvent({ ...base, context: { ...base.context, omitBodies: true } });
    assert.equal(event.request_body, undefined);
  });

  test('the presented credential is struck out of the error and the model', () => {
    const event = rejectedRequestEvent(
      rejected({
        call: { mode: 'async', endpoint: 'embeddings', requestedModel: KEY },
        error: new AuthenticationError(`bad key ${KEY}`, 'invalid_api_key'),
      }),
    );
    assert.equal(event.error, 'authentication_error/invalid_api_key: bad key [redacted]');
    assert.equal(event.requested_model, '[redacted]');
    assert.equal(event.mode, 'async');
    assert.equal(event.endpoint, 'embeddings');
    assert.ok(!JSON.stringify(event).includes(KEY));
  });
});
