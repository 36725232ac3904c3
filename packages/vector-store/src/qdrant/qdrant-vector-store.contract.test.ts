import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { type FakeQdrantServer, startFakeQdrant } from '../testing/fake-qdrant-server';
import { describeVectorStoreContract } from '../testing/vector-store-contract';
import { VectorStoreError } from '../vector-store-error';
import { createQdrantVectorStore } from './qdrant-vector-store';

const API_KEY = 'test-qdrant-key';
let fake: FakeQdrantServer;
let collections = 0;

before(async () => {
  fake = await startFakeQdrant({ apiKey: API_KEY });
});
after(() => fake.close());
afterEach(() => {
  assert.deepEqual(fake.problems.splice(0), [], 'every request matched the Qdrant REST schemas');
});

function nextCollection(): string {
  collections += 1;
  return `contract_${collections}`;
}

describeVectorStoreContract('qdrant (REST fake)', async ({ dimensions, clock }) =>
  createQdrantVectorStore({
    url: fake.url,
    apiKey: API_KEY,
    collection: nextCollection(),
    dimensions,
    clock,
    sweepIntervalMs: 0,
  }),
);

describe('qdrant adapter', () => {
  it('creates a cosine collection with keyword and integer payload indexes for scope and expiry', async () => {
    const collection = nextCollection();
    const store = createQdrantVectorStore({ url: fake.url, apiKey: API_KEY, collection, dimensions: 4 });
    await store.ensureCollection();
    await store.ensureCollection();
    const created = fake.collections.get(collection);
    assert.equal(created?.size, 4);
    assert.equal(created?.distance, 'Cosine');
    assert.deepEqual(Object.fromEntries(created?.indexes ?? []), { scope: 'keyword', expires_at: 'integer' });
    await store.close();
  });

  it('uses an existing collection of the same size and refuses one of another size', async () => {
    const collection = nextCollection();
    const first = createQdrantVectorStore({ url: fake.url, apiKey: API_KEY, collection, dimensions: 4 });
    await first.upsert({ id: 'kept', vector: [1, 0, 0, 0], scope: 's', payload: {}, expiresAt: Date.now() + 60_000 });
    const again = createQdrantVectorStore({ url: fake.url, apiKey: API_KEY, collection, dimensions: 4 });
    assert.equal(await again.count(), 1);
    const other = createQdrantVectorStore({ url: fake.url, apiKey: API_KEY, collection, dimensions: 8 });
    await assert.rejects(
      other.ensureCollection(),
      (error: unknown) => error instanceof VectorStoreError && error.code === 'vector_dimension_mismatch',
    );
    await Promise.all([first.close(), again.close(), other.close()]);
  });

  it('reports a failing or unreachable Qdrant as a retryable vector_store_unavailable', async () => {
    const store = createQdrantVectorStore({
      url: fake.url,
      apiKey: API_KEY,
      collection: nextCollection(),
      dimensions: 4,
    });
    await store.ensureCollection();
    fake.failNext(1);
    await assert.rejects(store.search({ vector: [1, 0, 0, 0], scope: 's', limit: 1 }), (error: unknown) => {
      assert.ok(error instanceof VectorStoreError);
      assert.equal(error.code, 'vector_store_unavailable');
      assert.equal(error.retryable, true);
      assert.match(error.message, /HTTP 500/);
      return true;
    });
    await store.close();
    const nowhere = createQdrantVectorStore({
      url: 'http://127.0.0.1:9',
      collection: 'x',
      dimensions: 4,
      timeoutMs: 500,
    });
    await assert.rejects(
      nowhere.count(),
      (error: unknown) => error instanceof VectorStoreError && error.code === 'vector_store_unavailable',
    );
    await nowhere.close();
  });

  it('sends the api key', async () => {
    const store = createQdrantVectorStore({
      url: fake.url,
      apiKey: 'wrong',
      collection: nextCollection(),
      dimensions: 4,
    });
    await assert.rejects(store.ensureCollection(), /HTTP 403/);
    await store.close();
  });
});
