import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type FakeQdrantServer, startFakeQdrant } from './fake-qdrant-server';

let fake: FakeQdrantServer;
before(async () => {
  fake = await startFakeQdrant();
});
after(() => fake.close());

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('fake Qdrant', () => {
  it('answers with the OpenAPI envelope and refuses bodies outside the schemas', async () => {
    const created = await call('PUT', '/collections/shapes', { vectors: { size: 2, distance: 'Cosine' } });
    assert.deepEqual(
      { status: created.status, result: created.body.result, ok: created.body.status },
      { status: 200, result: true, ok: 'ok' },
    );

    const badDistance = await call('PUT', '/collections/other', { vectors: { size: 2, distance: 'cosine' } });
    assert.equal(badDistance.status, 400);
    assert.match(String((badDistance.body.status as { error: string }).error), /vectors\.distance/);

    const badId = await call('PUT', '/collections/shapes/points?wait=true', {
      points: [{ id: 'not-a-uuid', vector: [1, 0] }],
    });
    assert.equal(badId.status, 400);
    const shortVector = await call('PUT', '/collections/shapes/points?wait=true', { points: [{ id: 1, vector: [1] }] });
    assert.equal(shortVector.status, 400);
    const unknownField = await call('POST', '/collections/shapes/points/query', { vector: [1, 0], limit: 1 });
    assert.equal(unknownField.status, 400);
    assert.ok(fake.problems.splice(0).length >= 4);
  });

  it('scores by cosine and filters by payload like Qdrant', async () => {
    await call('PUT', '/collections/scored', { vectors: { size: 2, distance: 'Cosine' } });
    await call('PUT', '/collections/scored/points?wait=true', {
      points: [
        { id: 1, vector: [2, 0], payload: { tag: 'a', at: 5 } },
        { id: 2, vector: [1, 1], payload: { tag: 'a', at: 50 } },
        { id: 3, vector: [1, 0], payload: { tag: 'b', at: 50 } },
      ],
    });
    const queried = await call('POST', '/collections/scored/points/query', {
      query: [1, 0],
      filter: { must: [{ key: 'tag', match: { value: 'a' } }] },
      limit: 5,
      with_payload: true,
    });
    const points = (queried.body.result as { points: Array<{ id: number; score: number }> }).points;
    assert.deepEqual(
      points.map((point) => point.id),
      [1, 2],
    );
    assert.ok(Math.abs((points[1]?.score ?? 0) - Math.SQRT1_2) < 1e-9);
    const counted = await call('POST', '/collections/scored/points/count', {
      filter: { must: [{ key: 'at', range: { gt: 10 } }] },
      exact: true,
    });
    assert.deepEqual(counted.body.result, { count: 2 });
    fake.problems.splice(0);
  });
});
