import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UPSTREAM_INVALID_RESPONSE, UpstreamError, UpstreamInvalidResponseError } from '@sluice/errors';
import type { Attempt } from '@sluice/queues';
import { finalError } from './final-error';

const attempts: Attempt[] = [
  { provider: 'a', model: 'm', status: 502, latency_ms: 3, error: "The openai provider's answer was malformed: x" },
];

describe('finalError', () => {
  it('answers a malformed last answer as 502 upstream_invalid_response, listing the attempts', () => {
    const error = finalError(new UpstreamInvalidResponseError('openai', 'choices: required'), attempts, false);
    assert.equal(error.status, 502);
    assert.equal(error.code, UPSTREAM_INVALID_RESPONSE);
    assert.equal(error.type, 'upstream_error');
    assert.match(error.message, /^the provider's answer was malformed .*Attempts: a\/m: 502 \(The openai provider/);
  });

  it('keeps all_targets_failed for other server errors', () => {
    const error = finalError(new UpstreamError({ message: 'boom', kind: 'status', status: 500 }), attempts, false);
    assert.equal(error.code, 'all_targets_failed');
  });
});
