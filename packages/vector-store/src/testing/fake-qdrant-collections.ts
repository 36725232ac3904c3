import { type FakeFilter, matchesFilter } from './fake-qdrant-filter';
import {
  readCount,
  readCreateCollection,
  readCreateFieldIndex,
  readPointsSelector,
  readQuery,
  readUpsertPoints,
} from './fake-qdrant-requests';
import type { ShapeCheck } from './shape-check';

/** What a route answers: a `result` (wrapped as `{ result, status: "ok", time }`), an error status, or a raw body. */
export type FakeAnswer = { result: unknown } | { status: number; error: string } | { raw: unknown };

interface FakePoint {
  id: number | string;
  vector: number[];
  payload: Record<string, unknown>;
  version: number;
}

export interface FakeCollection {
  size: number;
  distance: string;
  points: Map<string, FakePoint>;
  indexes: Map<string, string>;
}

/** The fake's collections and the semantics of each endpoint over them. */
export class FakeQdrantCollections {
  readonly collections = new Map<string, FakeCollection>();
  private version = 0;

  handle(route: string, name: string, body: unknown, check: ShapeCheck): FakeAnswer {
    const collection = this.collections.get(name);
    if (route === 'GET /') return { raw: { title: 'qdrant - vector search engine', version: '1.18.0' } };
    if (route === 'GET /collections/{name}/exists') return { result: { exists: collection !== undefined } };
    if (route === 'PUT /collections/{name}') return this.create(name, body, check);
    if (!collection) return { status: 404, error: `Not found: Collection \`${name}\` doesn't exist!` };
    switch (route) {
      case 'GET /collections/{name}':
        return { result: collectionInfo(collection) };
      case 'DELETE /collections/{name}':
        this.collections.delete(name);
        return { result: true };
      case 'PUT /collections/{name}/index': {
        const index = readCreateFieldIndex(body, check);
        if (index) collection.indexes.set(index.field, index.type);
        return { result: this.updated() };
      }
      case 'PUT /collections/{name}/points':
        return this.upsert(collection, body, check);
      case 'POST /collections/{name}/points/query':
        return { result: query(collection, body, check) };
      case 'POST /collections/{name}/points/delete':
        return this.delete(collection, body, check);
      case 'POST /collections/{name}/points/count': {
        const { filter } = readCount(body, check);
        return { result: { count: filter ? selected(collection, filter).length : collection.points.size } };
      }
      default:
        check.fail('', 'not an endpoint the adapter should call');
        return { status: 404, error: `Not found: ${route}` };
    }
  }

  private create(name: string, body: unknown, check: ShapeCheck): FakeAnswer {
    const created = readCreateCollection(body, check);
    if (this.collections.has(name))
      return { status: 409, error: `Wrong input: Collection \`${name}\` already exists!` };
    if (created) this.collections.set(name, { ...created, points: new Map(), indexes: new Map() });
    return { result: true };
  }

  private upsert(collection: FakeCollection, body: unknown, check: ShapeCheck): FakeAnswer {
    const result = this.updated();
    for (const point of readUpsertPoints(body, check, collection.size)) {
      collection.points.set(canonicalId(point.id), {
        id: typeof point.id === 'number' ? point.id : canonicalId(point.id),
        vector: unit(point.vector),
        payload: point.payload,
        version: result.operation_id,
      });
    }
    return { result };
  }

  private delete(collection: FakeCollection, body: unknown, check: ShapeCheck): FakeAnswer {
    const selector = readPointsSelector(body, check);
    for (const id of selector.ids ?? []) collection.points.delete(canonicalId(id));
    if (selector.filter) for (const id of selected(collection, selector.filter)) collection.points.delete(id);
    return { result: this.updated() };
  }

  /** UpdateResult of a completed operation. */
  private updated(): { operation_id: number; status: 'completed' } {
    this.version += 1;
    return { operation_id: this.version, status: 'completed' };
  }
}

function query(collection: FakeCollection, body: unknown, check: ShapeCheck) {
  const request = readQuery(body, check, collection.size);
  if (!request) return { points: [] };
  const vector = unit(request.vector);
  const points = [...collection.points]
    .filter(([, point]) => !request.filter || matchesFilter(point.payload, request.filter))
    .map(([, point]) => ({
      id: point.id,
      version: point.version,
      score: dot(vector, point.vector),
      payload: point.payload,
    }))
    .filter((point) => request.scoreThreshold === undefined || point.score >= request.scoreThreshold)
    .sort((left, right) => right.score - left.score)
    .slice(0, request.limit);
  return { points: points.map((point) => (request.withPayload ? point : { ...point, payload: null })) };
}

function selected(collection: FakeCollection, filter: FakeFilter): string[] {
  return [...collection.points].filter(([, point]) => matchesFilter(point.payload, filter)).map(([id]) => id);
}

/** A CollectionInfo with the fields the spec requires. */
function collectionInfo(collection: FakeCollection) {
  return {
    status: 'green',
    optimizer_status: 'ok',
    indexed_vectors_count: 0,
    points_count: collection.points.size,
    segments_count: 1,
    config: {
      params: {
        vectors: { size: collection.size, distance: collection.distance },
        shard_number: 1,
        replication_factor: 1,
        on_disk_payload: true,
      },
      hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        flush_interval_sec: 5,
      },
    },
    payload_schema: Object.fromEntries(
      [...collection.indexes].map(([field, type]) => [field, { data_type: type, points: collection.points.size }]),
    ),
  };
}

/** Qdrant stores UUIDs in their hyphenated lowercase form. */
function canonicalId(id: number | string): string {
  if (typeof id === 'number') return String(id);
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function unit(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

function dot(left: readonly number[], right: readonly number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);
}
