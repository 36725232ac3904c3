import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rerankUsage } from './rerank-search-units';

describe('rerankUsage', () => {
  it('takes Cohere’s billed search units as sent', () => {
    assert.deepEqual(rerankUsage({ results: [], meta: { billed_units: { search_units: 2 } } }, 3), {
      searchUnits: 2,
      tokens: 0,
    });
  });

  it('counts one search per 100 documents otherwise, and keeps the tokens a Jina-style server reports', () => {
    assert.deepEqual(rerankUsage({ results: [], usage: { total_tokens: 815 } }, 250), { searchUnits: 3, tokens: 815 });
    assert.deepEqual(rerankUsage('not json', 1), { searchUnits: 1, tokens: 0 });
  });
});
