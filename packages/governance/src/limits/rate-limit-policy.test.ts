import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { formatRateLimitPolicy, parseRateLimitPolicies } from './rate-limit-policy';

describe('rate limit policy strings (SPEC §5)', () => {
  test('parse every part, with defaults for the ones left out', () => {
    assert.deepEqual(parseRateLimitPolicies('100;w=60;u=request;s=user', 'h'), [
      { quota: 100, windowS: 60, unit: 'request', scope: { kind: 'user' } },
    ]);
    assert.deepEqual(parseRateLimitPolicies('10', 'h'), [
      { quota: 10, windowS: 60, unit: 'request', scope: { kind: 'key' } },
    ]);
    assert.deepEqual(parseRateLimitPolicies('0.5;w=3600;u=usd;s=property.Team', 'h'), [
      { quota: 0.5, windowS: 3600, unit: 'usd', scope: { kind: 'property', name: 'team' } },
    ]);
  });

  test('several policies, comma-separated', () => {
    const policies = parseRateLimitPolicies('10;w=1, 10000;w=60;u=token', 'h');
    assert.equal(policies.length, 2);
    assert.equal(policies[1]?.unit, 'token');
    assert.equal(formatRateLimitPolicy(policies[1] as (typeof policies)[number]), '10000;w=60;u=token;s=key');
  });

  test('malformed policies are 400s naming the field and the bad part', () => {
    const cases: [string, RegExp][] = [
      ['abc;w=60', /h\.quota/],
      ['10;w=0', /h\.w/],
      ['10;w=1.5', /h\.w/],
      ['10;u=bytes', /h\.u/],
      ['10;s=team', /h\.s/],
      ['10;x=1', /h/],
      ['10;w=5;w=6', /h\.w: given twice/],
      ['1.5;u=request', /whole number/],
      ['', /no policy/],
      [';w=5', /quota/],
    ];
    for (const [text, pattern] of cases) {
      assert.throws(
        () => parseRateLimitPolicies(text, 'h'),
        (error: unknown) =>
          error instanceof InvalidRequestError && error.param?.startsWith('h') === true && pattern.test(error.message),
        text,
      );
    }
  });
});
