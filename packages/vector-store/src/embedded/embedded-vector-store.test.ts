import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { randomVector, seededRandom } from '../testing/seeded-vectors';
import type { VectorRecord, VectorStore } from '../vector-store';
import { VectorStoreError } from '../vector-store-error';
import { createEmbeddedVectorStore, type EmbeddedVectorStoreOptions } from './embedded-vector-store';

const DIMENSIONS = 12;
const NOW = 1_700_000_000_000;

describe('embedded vector store', () => {
  let dataDir: string;
  const random = seededRandom(11);
  const open = (options: Partial<EmbeddedVectorStoreOptions> = {}): VectorStore =>
    createEmbeddedVectorStore({
      dimensions: DIMENSIONS,
      dataDir,
      clock: () => NOW,
      sweepIntervalMs: 0,
      persistIntervalMs: 0,
      flatLimit: 8,
      ...options,
    });
  const records = (scope: string, count: number, expiresAt = NOW + 60_000): VectorRecord[] =>
    Array.from({ length: count }, (_, index) => ({
      id: `${scope}-${index}`,
      vector: randomVector(random, DIMENSIONS),
      scope,
      payload: { text: `${scope} #${index}` },
      expiresAt,
    }));
  const collectionRoot = () => join(dataDir, 'vector-store', 'semantic-cache');

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-embedded-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('writes a snapshot on close and answers the same after loading it', async () => {
    const small = records('small', 5);
    const large = records('large', 300);
    const first = open();
    await first.upsert([...small, ...large]);
    await first.delete(['large-7', 'small-1']);
    await first.upsert({ ...(large[8] as VectorRecord), payload: { text: 'replaced' } });
    const queries = [small[0], small[2], large[0], large[8], large[299]].map((record) => ({
      vector: record?.vector ?? [],
      limit: 3,
    }));
    const before = await Promise.all(
      queries.flatMap((query) => ['small', 'large'].map((scope) => first.search({ ...query, scope }))),
    );
    await first.close();

    const second = open();
    assert.equal(await second.count(), 303);
    const after = await Promise.all(
      queries.flatMap((query) => ['small', 'large'].map((scope) => second.search({ ...query, scope }))),
    );
    assert.deepEqual(after, before);
    assert.deepEqual(
      (await second.search({ vector: large[7]?.vector ?? [], scope: 'large', limit: 1 }))[0]?.id !== 'large-7',
      true,
    );
    await second.upsert(records('large-more', 20).map((record) => ({ ...record, scope: 'large' })));
    assert.equal(await second.count(), 323);
    await second.close();
  });

  it('persists on an interval without waiting for close, keeping one snapshot directory', async () => {
    const store = open({ persistIntervalMs: 20 });
    await store.upsert(records('scope', 3));
    await waitFor(async () => (await readdir(collectionRoot()).catch(() => [] as string[])).includes('CURRENT'));
    await store.upsert(records('scope', 4));
    await new Promise((resolve) => setTimeout(resolve, 80));
    const entries = (await readdir(collectionRoot())).sort();
    assert.deepEqual(entries.filter((name) => name.startsWith('snapshot-')).length, 1, entries.join(', '));
    await store.close();
  });

  it('drops expired records when loading', async () => {
    const first = open({ clock: () => NOW - 120_000 });
    await first.upsert([...records('live', 2), ...records('stale', 2, NOW - 1)]);
    await first.close();
    const second = open();
    assert.equal(await second.count(), 2);
    await second.close();
  });

  it('starts empty, with a warning, when the snapshot is unreadable', async () => {
    const first = open();
    await first.upsert(records('scope', 2));
    await first.close();
    const current = (await readFile(join(collectionRoot(), 'CURRENT'), 'utf8')).trim();
    await writeFile(join(collectionRoot(), current, 'manifest.json'), '{"format":"something else"}');
    const warnings: string[] = [];
    const second = open({ logger: { warn: (_details, message) => warnings.push(message) } });
    assert.equal(await second.count(), 0);
    assert.deepEqual(warnings, ['vector snapshot unreadable; starting empty']);
    await second.close();
  });

  it('refuses a snapshot of another dimension, naming the directory', async () => {
    const first = open();
    await first.upsert(records('scope', 2));
    await first.close();
    const other = createEmbeddedVectorStore({ dimensions: DIMENSIONS * 2, dataDir });
    await assert.rejects(other.ensureCollection(), (error: unknown) => {
      assert.ok(error instanceof VectorStoreError);
      assert.equal(error.code, 'vector_dimension_mismatch');
      assert.match(error.message, /semantic-cache/);
      return true;
    });
    await other.close();
  });

  it('refuses a directory another live process holds, and takes over one a dead process left', async () => {
    const root = collectionRoot();
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'LOCK'), String(process.ppid));
    const blocked = open();
    await assert.rejects(
      blocked.ensureCollection(),
      /already has the embedded vector index .* open; .* set QDRANT_URL/,
    );
    await blocked.close();
    await writeFile(join(root, 'LOCK'), '999999999');
    const taken = open();
    await taken.ensureCollection();
    assert.equal((await readFile(join(root, 'LOCK'), 'utf8')).trim(), String(process.pid));
    await taken.close();
    assert.deepEqual(
      (await readdir(root)).filter((name) => name === 'LOCK'),
      [],
      'released on close',
    );
  });

  it('grows a scope graph past its initial capacity and still finds neighbours', async () => {
    const store = open({ dataDir: undefined });
    const many = records('grow', 2_500);
    for (let start = 0; start < many.length; start += 500) await store.upsert(many.slice(start, start + 500));
    let found = 0;
    for (let index = 0; index < many.length; index += 50) {
      const [best] = await store.search({ vector: many[index]?.vector ?? [], scope: 'grow', limit: 1 });
      if (best?.id === `grow-${index}`) found += 1;
    }
    assert.ok(found >= 48, `found ${found} of 50`);
    await store.deleteExpired(NOW + 120_000);
    assert.equal(await store.count(), 0);
    await store.close();
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
