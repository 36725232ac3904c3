import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { VectorRecord, VectorStore } from '../vector-store';
import { VectorStoreError } from '../vector-store-error';
import { randomVector, seededRandom, unit, vectorAtCosine } from './seeded-vectors';

export interface ContractStoreOptions {
  dimensions: number;
  /** The store's clock: expiry is judged against it. */
  clock: () => number;
}

/** Makes a new, empty store (its own collection) for one test. */
export type VectorStoreFactory = (options: ContractStoreOptions) => Promise<VectorStore>;

const DIMENSIONS = 16;
const START = 1_700_000_000_000;

/**
 * The behaviour every VectorStore must have. Run it with a factory for each implementation:
 * `describeVectorStoreContract('embedded', (options) => ...)`.
 */
export function describeVectorStoreContract(name: string, factory: VectorStoreFactory): void {
  describe(`VectorStore contract: ${name}`, () => {
    let now = START;
    let store: VectorStore;
    const random = seededRandom(7);
    const record = (id: string, vector: number[], overrides: Partial<VectorRecord> = {}): VectorRecord => ({
      id,
      vector,
      scope: 'scope-a',
      payload: { id },
      expiresAt: now + 60_000,
      ...overrides,
    });

    beforeEach(async () => {
      now = START;
      store = await factory({ dimensions: DIMENSIONS, clock: () => now });
      await store.ensureCollection();
    });
    afterEach(async () => {
      await store.close();
    });

    it('starts empty, and ensureCollection is idempotent', async () => {
      await store.ensureCollection();
      assert.equal(await store.count(), 0);
      assert.deepEqual(
        await store.search({ vector: randomVector(random, DIMENSIONS), scope: 'scope-a', limit: 5 }),
        [],
      );
    });

    it('returns a stored record with its payload and a cosine of 1 for the same direction', async () => {
      const vector = randomVector(random, DIMENSIONS);
      const payload = { text: 'enable 2FA', nested: { list: [1, 'two', null, true] }, score: 0.5 };
      await store.upsert(record('first', vector, { payload }));
      const matches = await store.search({ vector: vector.map((value) => value * 7), scope: 'scope-a', limit: 3 });
      assert.equal(matches.length, 1);
      assert.equal(matches[0]?.id, 'first');
      assert.ok(Math.abs((matches[0]?.score ?? 0) - 1) < 1e-5, `score ${matches[0]?.score}`);
      assert.deepEqual(matches[0]?.payload, payload);
    });

    it('ranks by cosine similarity, best first, at most limit, none below minScore', async () => {
      const base = unit(randomVector(random, DIMENSIONS));
      const cosines = [0.99, 0.9, 0.75, 0.5, 0.1, -0.4];
      await store.upsert(cosines.map((cosine) => record(`cos-${cosine}`, vectorAtCosine(base, cosine, random))));
      const top3 = await store.search({ vector: base, scope: 'scope-a', limit: 3 });
      assert.deepEqual(
        top3.map((match) => match.id),
        ['cos-0.99', 'cos-0.9', 'cos-0.75'],
      );
      for (const [index, match] of top3.entries()) {
        assert.ok(Math.abs(match.score - (cosines[index] ?? 0)) < 1e-4, `${match.id}: ${match.score}`);
      }
      const aboveFloor = await store.search({ vector: base, scope: 'scope-a', limit: 10, minScore: 0.7 });
      assert.deepEqual(
        aboveFloor.map((match) => match.id),
        ['cos-0.99', 'cos-0.9', 'cos-0.75'],
      );
      const all = await store.search({ vector: base, scope: 'scope-a', limit: 10 });
      assert.equal(all.length, cosines.length);
      assert.ok(Math.abs((all.at(-1)?.score ?? 0) + 0.4) < 1e-4, 'negative cosines are reported as such');
    });

    it('never returns records of another scope, matching scopes exactly', async () => {
      const vector = randomVector(random, DIMENSIONS);
      const scopes = ['scope-a', 'scope-a ', 'SCOPE-A', 'scope-ab', 'scope', ''];
      await store.upsert(scopes.map((scope, index) => record(`in-${index}`, vector, { scope })));
      for (const [index, scope] of scopes.entries()) {
        const matches = await store.search({ vector, scope, limit: 10 });
        assert.deepEqual(
          matches.map((match) => match.id),
          [`in-${index}`],
          `scope ${JSON.stringify(scope)}`,
        );
      }
      assert.deepEqual(await store.search({ vector, scope: 'scope-b', limit: 10 }), []);
    });

    it('replaces a record upserted again under the same id, even into another scope', async () => {
      const first = randomVector(random, DIMENSIONS);
      const second = randomVector(random, DIMENSIONS);
      await store.upsert(record('same', first, { payload: { version: 1 } }));
      await store.upsert(record('same', second, { payload: { version: 2 } }));
      assert.equal(await store.count(), 1);
      const [match] = await store.search({ vector: second, scope: 'scope-a', limit: 1 });
      assert.deepEqual(match?.payload, { version: 2 });
      assert.ok(Math.abs((match?.score ?? 0) - 1) < 1e-5);
      await store.upsert(record('same', second, { scope: 'scope-b', payload: { version: 3 } }));
      assert.deepEqual(await store.search({ vector: second, scope: 'scope-a', limit: 5 }), []);
      const moved = await store.search({ vector: second, scope: 'scope-b', limit: 5 });
      assert.deepEqual(
        moved.map((match) => match.payload),
        [{ version: 3 }],
      );
      assert.equal(await store.count(), 1);
    });

    it('hides records once expired and deleteExpired removes exactly those', async () => {
      const vector = randomVector(random, DIMENSIONS);
      await store.upsert([
        record('short', vector, { expiresAt: START + 1_000 }),
        record('long', vector, { expiresAt: START + 10_000 }),
        record('past', vector, { expiresAt: START - 1 }),
      ]);
      const ids = async () =>
        (await store.search({ vector, scope: 'scope-a', limit: 10 })).map((match) => match.id).sort();
      assert.deepEqual(await ids(), ['long', 'short']);
      now = START + 1_000;
      assert.deepEqual(await ids(), ['long'], 'a record is expired at its expiresAt');
      assert.equal(await store.count(), 3, 'expired records stay until swept');
      assert.equal(await store.deleteExpired(now), 2);
      assert.equal(await store.count(), 1);
      now = START;
      assert.deepEqual(await ids(), ['long'], 'swept records are gone even for an earlier clock');
    });

    it('deletes by id, ignoring ids it does not hold', async () => {
      const vector = randomVector(random, DIMENSIONS);
      await store.upsert([record('keep', vector), record('drop', vector)]);
      await store.delete(['drop', 'never-stored']);
      assert.deepEqual(
        (await store.search({ vector, scope: 'scope-a', limit: 10 })).map((match) => match.id),
        ['keep'],
      );
      assert.equal(await store.count(), 1);
    });

    it('finds each record as its own nearest neighbour among many in one scope', async () => {
      const vectors = Array.from({ length: 600 }, () => randomVector(random, DIMENSIONS));
      await store.upsert(vectors.map((vector, index) => record(`many-${index}`, vector, { scope: 'big' })));
      assert.equal(await store.count(), 600);
      let found = 0;
      for (let index = 0; index < vectors.length; index += 15) {
        const [best] = await store.search({ vector: vectors[index] as number[], scope: 'big', limit: 1 });
        if (best?.id === `many-${index}`) found += 1;
      }
      assert.ok(found >= 39, `found ${found} of 40 records as their own nearest neighbour`);
    });

    it('rejects vectors of the wrong length, zero vectors and bad limits with typed errors', async () => {
      const wrong = randomVector(random, DIMENSIONS + 1);
      await assert.rejects(store.upsert(record('wrong', wrong)), isCode('vector_dimension_mismatch'));
      await assert.rejects(
        store.search({ vector: wrong, scope: 'scope-a', limit: 1 }),
        isCode('vector_dimension_mismatch'),
      );
      await assert.rejects(store.upsert(record('zero', new Array(DIMENSIONS).fill(0))), isCode('invalid_vector'));
      await assert.rejects(
        store.search({ vector: randomVector(random, DIMENSIONS), scope: 'scope-a', limit: 0 }),
        isCode('invalid_record'),
      );
      assert.equal(await store.count(), 0);
    });

    it('refuses calls after close', async () => {
      await store.close();
      await assert.rejects(
        store.search({ vector: randomVector(random, DIMENSIONS), scope: 'scope-a', limit: 1 }),
        isCode('vector_store_closed'),
      );
    });
  });
}

function isCode(code: string) {
  return (error: unknown) => error instanceof VectorStoreError && error.code === code;
}
