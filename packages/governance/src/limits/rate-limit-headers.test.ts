import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rateLimitFields, retryAfterSeconds } from './rate-limit-headers';
import { parseRateLimitPolicies, type RateLimitPolicy } from './rate-limit-policy';

describe('IETF RateLimit fields', () => {
  test('RateLimit-Policy and RateLimit list each policy as a Structured Field item', () => {
    const [requests, dollars] = parseRateLimitPolicies('10;w=60, 0.5;w=3600;u=usd;s=user', 'h') as [
      RateLimitPolicy,
      RateLimitPolicy,
    ];
    const fields = rateLimitFields([
      { policy: requests, quota: 10, remaining: 7, resetMs: 41_200, retryAfterMs: undefined },
      { policy: dollars, quota: 500_000_000, remaining: 123_456_789, resetMs: 0, retryAfterMs: undefined },
    ]);
    assert.deepEqual(fields, {
      'RateLimit-Policy': '"key-request-60s";q=10;w=60;qu="request", "user-usd-3600s";q=500000;w=3600;qu="usd-micro"',
      RateLimit: '"key-request-60s";r=7;t=42, "user-usd-3600s";r=123456;t=0',
    });
  });

  test('Retry-After is the longest wait among the refusing policies, at least a second', () => {
    const [policy] = parseRateLimitPolicies('1;w=60', 'h') as [RateLimitPolicy];
    assert.equal(retryAfterSeconds([{ policy, quota: 1, remaining: 0, resetMs: 0, retryAfterMs: 12_300 }]), 13);
    assert.equal(retryAfterSeconds([{ policy, quota: 1, remaining: 0, resetMs: 0, retryAfterMs: 0 }]), 1);
  });
});
