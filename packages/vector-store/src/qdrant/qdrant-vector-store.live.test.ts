import { after, describe, it } from 'node:test';
import { QdrantClient } from '@qdrant/js-client-rest';
import { describeVectorStoreContract } from '../testing/vector-store-contract';
import { createQdrantVectorStore } from './qdrant-vector-store';

// The same contract suite against a real Qdrant, when QDRANT_URL names one:
//   QDRANT_URL=http://127.0.0.1:6333 node --import tsx --test packages/vector-store/src/qdrant/qdrant-vector-store.live.test.ts
// Each test gets its own collection, dropped when the file finishes.
const url = process.env.QDRANT_URL;
const apiKey = process.env.QDRANT_API_KEY || undefined;

if (!url) {
  describe('VectorStore contract: qdrant (live)', () => {
    it.skip('needs QDRANT_URL');
  });
} else {
  const created: string[] = [];
  const run = `${process.pid}_${Date.now().toString(36)}`;
  after(async () => {
    const client = new QdrantClient({ url, headers: apiKey ? { 'api-key': apiKey } : {}, checkCompatibility: false });
    for (const collection of created) await client.deleteCollection(collection).catch(() => undefined);
  });
  describeVectorStoreContract(`qdrant (live at ${url})`, async ({ dimensions, clock }) => {
    const collection = `sluice_contract_${run}_${created.length + 1}`;
    created.push(collection);
    return createQdrantVectorStore({
      url,
      apiKey,
      collection,
      dimensions,
      clock,
      sweepIntervalMs: 0,
      timeoutMs: 10_000,
    });
  });
}
