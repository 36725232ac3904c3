import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidRequestError } from '@sluice/errors';
import { resolveCachePolicy } from './resolve-cache-policy';

const policy = { mode: 'semantic' as const, ttl_s: 3600, threshold: 0.9, serve_stale_on_error: true };

describe('resolveCachePolicy', () => {
  it('takes the config policy, or caching off without one', () => {
    assert.deepEqual(resolveCachePolicy(policy, {}), {
      mode: 'semantic',
      ttlS: 3600,
      threshold: 0.9,
      refresh: false,
      serveStaleOnError: true,
    });
    assert.deepEqual(resolveCachePolicy(undefined, {}), {
      mode: 'off',
      ttlS: 3600,
      threshold: 0.95,
      refresh: false,
      serveStaleOnError: false,
    });
  });

  it('lets the request headers override mode and TTL and ask for a refresh', () => {
    const resolved = resolveCachePolicy(policy, {
      'x-sluice-cache': ' Exact ',
      'x-sluice-cache-ttl': '60',
      'x-sluice-cache-refresh': 'true',
    });
    assert.deepEqual(resolved, { mode: 'exact', ttlS: 60, threshold: 0.9, refresh: true, serveStaleOnError: true });
    assert.equal(resolveCachePolicy(undefined, { 'x-sluice-cache': 'semantic' }).mode, 'semantic');
  });

  it('names the bad header', () => {
    for (const headers of [
      { 'x-sluice-cache': 'fuzzy' },
      { 'x-sluice-cache-ttl': '-5' },
      { 'x-sluice-cache-ttl': '1.5' },
      { 'x-sluice-cache-refresh': 'yes' },
    ]) {
      assert.throws(
        () => resolveCachePolicy(policy, headers),
        (error: unknown) => {
          assert.ok(error instanceof InvalidRequestError);
          assert.equal(error.param, Object.keys(headers)[0]);
          return true;
        },
      );
    }
  });
});
