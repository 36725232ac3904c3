import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qdrantPointId } from './qdrant-point-id';

describe('qdrantPointId', () => {
  it('maps any record id to a stable version-8 UUID', () => {
    const id = qdrantPointId('3f2a…any string at all');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(qdrantPointId('3f2a…any string at all'), id);
    assert.notEqual(qdrantPointId('another'), id);
  });
});
