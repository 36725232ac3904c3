import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createVectorStore } from './create-vector-store';

describe('createVectorStore', () => {
  it('picks Qdrant when QDRANT_URL is set and the embedded index otherwise, without touching either', async () => {
    const base = { dataDir: '/nonexistent/sluice', collection: 'c', dimensions: 4 };
    assert.equal(createVectorStore({ ...base, qdrantUrl: 'http://127.0.0.1:6333' }).kind, 'qdrant');
    assert.equal(createVectorStore({ ...base, qdrantUrl: '' }).kind, 'embedded');
    assert.equal(createVectorStore(base).kind, 'embedded');
  });
});
