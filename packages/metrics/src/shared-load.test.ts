import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedLoad } from './shared-load';

describe('SharedLoad', () => {
  it('shares one load among the callers of a scrape, and loads afresh for the next scrape', async () => {
    let loads = 0;
    const shared = new SharedLoad(async () => {
      loads += 1;
      return loads;
    });
    assert.deepEqual(await Promise.all([shared.get(), shared.get(), shared.get()]), [1, 1, 1]);
    assert.equal(await shared.get(), 2);
  });

  it('turns a failed load into undefined', async () => {
    const shared = new SharedLoad(async () => {
      throw new Error('Redis is down');
    });
    assert.equal(await shared.get(), undefined);
  });
});
