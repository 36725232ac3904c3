import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toAnthropicErrorBody } from './to-anthropic-error-body';

describe('toAnthropicErrorBody', () => {
  it('types each status as Anthropic does', () => {
    const cases: [number, string][] = [
      [400, 'invalid_request_error'],
      [401, 'authentication_error'],
      [402, 'billing_error'],
      [403, 'permission_error'],
      [404, 'not_found_error'],
      [413, 'request_too_large'],
      [422, 'invalid_request_error'],
      [429, 'rate_limit_error'],
      [500, 'api_error'],
      [502, 'api_error'],
      [504, 'timeout_error'],
      [529, 'overloaded_error'],
    ];
    for (const [status, type] of cases) {
      assert.deepEqual(
        toAnthropicErrorBody(status, 'm'),
        { type: 'error', error: { type, message: 'm' } },
        `status ${status}`,
      );
    }
  });
});
