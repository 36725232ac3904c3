import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { describeVectorStoreContract } from '../testing/vector-store-contract';
import { createEmbeddedVectorStore } from './embedded-vector-store';

const dataDir = await mkdtemp(join(tmpdir(), 'sluice-vector-contract-'));
after(() => rm(dataDir, { recursive: true, force: true }));
let collections = 0;

describeVectorStoreContract('embedded, in memory', async ({ dimensions, clock }) =>
  createEmbeddedVectorStore({ dimensions, clock, persistIntervalMs: 0, sweepIntervalMs: 0 }),
);

describeVectorStoreContract('embedded, persisted, graphs from 32 records', async ({ dimensions, clock }) => {
  collections += 1;
  return createEmbeddedVectorStore({
    dimensions,
    clock,
    dataDir,
    collection: `contract-${collections}`,
    flatLimit: 32,
  });
});
