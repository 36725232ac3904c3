import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTextFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { fromGeminiErrorResponse } from './from-gemini-error-response';

describe('fromGeminiErrorResponse', () => {
  it('passes an invalid key through as a 400 that is not retried', () => {
    const error = fromGeminiErrorResponse(400, readTextFixture('gemini', 'error-invalid-api-key.json'), {});
    assert.equal(error.status, 400);
    assert.equal(error.retryable, false);
    assert.equal(error.code, 'invalid_argument');
    assert.equal(error.message, 'API key not valid. Please pass a valid API key.');
  });

  it('retries RESOURCE_EXHAUSTED after the RetryInfo delay, or Retry-After when sent', () => {
    const body = readTextFixture('gemini', 'error-resource-exhausted.json');
    const fromDetails = fromGeminiErrorResponse(429, body, {});
    assert.equal(fromDetails.retryable, true);
    assert.equal(fromDetails.retryAfterMs, 37000);
    assert.equal(fromDetails.code, 'resource_exhausted');
    assert.equal(fromGeminiErrorResponse(429, body, { 'retry-after': '5' }).retryAfterMs, 5000);
  });

  it('retries a 503 UNAVAILABLE and keeps a non-JSON body as the message', () => {
    const error = fromGeminiErrorResponse(503, readTextFixture('gemini', 'error-unavailable.json'), {});
    assert.equal(error.retryable, true);
    assert.equal(error.message, 'The model is overloaded. Please try again later.');
    assert.equal(fromGeminiErrorResponse(502, 'upstream connect error', {}).message, 'upstream connect error');
  });
});
