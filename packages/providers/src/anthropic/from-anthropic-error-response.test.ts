import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTextFixture } from '../../../../test/fixtures/providers/read-provider-fixture';
import { fromAnthropicErrorResponse } from './from-anthropic-error-response';

describe('fromAnthropicErrorResponse', () => {
  it('makes 529 overloaded_error retryable and honours Retry-After', () => {
    const error = fromAnthropicErrorResponse(529, readTextFixture('anthropic', 'error-overloaded.json'), {
      'retry-after': '3',
    });
    assert.equal(error.status, 529);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 3000);
    assert.equal(error.message, 'Overloaded');
    assert.equal(error.upstreamType, 'overloaded_error');
    assert.equal(error.trigger, 529);
  });

  it('makes 429 rate_limit_error retryable', () => {
    const error = fromAnthropicErrorResponse(429, readTextFixture('anthropic', 'error-rate-limit.json'), {
      'retry-after': '20',
    });
    assert.equal(error.retryable, true);
    assert.equal(error.code, 'upstream_rate_limited');
    assert.equal(error.retryAfterMs, 20000);
  });

  it('passes a 400 invalid_request_error through, not retryable, with Anthropic’s message and type', () => {
    const error = fromAnthropicErrorResponse(400, readTextFixture('anthropic', 'error-invalid-request.json'), {});
    assert.equal(error.status, 400);
    assert.equal(error.retryable, false);
    assert.match(error.message, /roles must alternate/);
    assert.deepEqual(error.toOpenAIError().error.type, 'invalid_request_error');
  });

  it('keeps the text of a body that is not Anthropic’s error shape', () => {
    const error = fromAnthropicErrorResponse(502, '<html>Bad Gateway</html>', {});
    assert.equal(error.message, '<html>Bad Gateway</html>');
    assert.equal(error.retryable, true);
    assert.equal(fromAnthropicErrorResponse(503, '', {}).message, 'anthropic answered HTTP 503');
  });
});
