import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '@sluice/errors';
import { createFunctionEmbedder } from './function-embedder';
import { semanticCacheCollection } from './semantic-cache-collection';

describe('createFunctionEmbedder', () => {
  it('passes texts through and checks the answer', async () => {
    const embedder = createFunctionEmbedder(async (texts) => texts.map((text) => [text.length, 1]), 2, {
      id: 'openai:text-embedding-3-small',
    });
    assert.equal(embedder.id, 'openai_text-embedding-3-small');
    assert.deepEqual(await embedder.embed(['abc', 'de']), [
      [3, 1],
      [2, 1],
    ]);
    assert.deepEqual(await embedder.embed([]), []);
    const wrong = createFunctionEmbedder(async () => [[1, 2, 3]], 2);
    await assert.rejects(
      wrong.embed(['x']),
      (error: unknown) => error instanceof UpstreamError && error.code === 'embeddings_invalid_response',
    );
    const short = createFunctionEmbedder(async () => [], 2);
    await assert.rejects(short.embed(['x']), UpstreamError);
  });
});

describe('semanticCacheCollection', () => {
  it('names the collection after the embedding model', () => {
    const embedder = createFunctionEmbedder(async () => [], 1536, { id: 'openai:text-embedding-3-small' });
    assert.equal(semanticCacheCollection(embedder), 'sluice_semantic_cache_openai_text-embedding-3-small_1536');
  });
});
