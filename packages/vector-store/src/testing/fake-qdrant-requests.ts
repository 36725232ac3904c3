import { type FakeFilter, readFilter } from './fake-qdrant-filter';
import { ShapeCheck } from './shape-check';

/**
 * Request bodies of the Qdrant REST endpoints the adapter uses, checked against the schemas of
 * Qdrant's published OpenAPI spec (docs/redoc/v1.18.x/openapi.json): CreateCollection,
 * CreateFieldIndex, PointInsertOperations (PointsList), QueryRequest, PointsSelector, CountRequest.
 * Fields the spec allows but the fake does not implement are reported too, so a new adapter
 * feature cannot pass unnoticed.
 */
const DISTANCES = ['Cosine', 'Euclid', 'Dot', 'Manhattan'] as const;
const PAYLOAD_SCHEMA_TYPES = ['keyword', 'integer', 'float', 'geo', 'text', 'bool', 'datetime', 'uuid'] as const;

export interface CreateCollectionBody {
  size: number;
  distance: (typeof DISTANCES)[number];
}

export function readCreateCollection(body: unknown, check: ShapeCheck): CreateCollectionBody | undefined {
  const fields = check.object(body, '', [
    'vectors',
    'shard_number',
    'replication_factor',
    'on_disk_payload',
    'hnsw_config',
  ]);
  const vectors = check.object(fields?.vectors, 'vectors', ['size', 'distance', 'on_disk', 'datatype']);
  if (!vectors) return undefined;
  if (!check.integer(vectors.size, 'vectors.size', 1) || !check.oneOf(vectors.distance, 'vectors.distance', DISTANCES))
    return undefined;
  return { size: vectors.size, distance: vectors.distance };
}

export function readCreateFieldIndex(body: unknown, check: ShapeCheck): { field: string; type: string } | undefined {
  const fields = check.object(body, '', ['field_name', 'field_schema']);
  if (!fields || !check.string(fields.field_name, 'field_name')) return undefined;
  if (!check.oneOf(fields.field_schema, 'field_schema', PAYLOAD_SCHEMA_TYPES)) return undefined;
  return { field: fields.field_name, type: fields.field_schema };
}

export interface UpsertPoint {
  id: number | string;
  vector: number[];
  payload: Record<string, unknown>;
}

export function readUpsertPoints(body: unknown, check: ShapeCheck, size: number): UpsertPoint[] {
  const fields = check.object(body, '', ['points', 'shard_key', 'update_filter']);
  if (!fields || !check.array(fields.points, 'points')) return [];
  const points: UpsertPoint[] = [];
  fields.points.forEach((value, index) => {
    const path = `points.${index}`;
    const point = check.object(value, path, ['id', 'vector', 'payload']);
    if (!point || !check.pointId(point.id, `${path}.id`) || !check.vector(point.vector, `${path}.vector`, size)) return;
    const payload = point.payload ?? {};
    if (typeof payload !== 'object' || Array.isArray(payload)) {
      check.fail(`${path}.payload`, 'expected an object (Payload)');
      return;
    }
    points.push({ id: point.id, vector: point.vector, payload: payload as Record<string, unknown> });
  });
  return points;
}

export interface QueryBody {
  vector: number[];
  filter: FakeFilter | undefined;
  limit: number;
  scoreThreshold: number | undefined;
  withPayload: boolean;
}

export function readQuery(body: unknown, check: ShapeCheck, size: number): QueryBody | undefined {
  const fields = check.object(body, '', [
    'query',
    'filter',
    'limit',
    'score_threshold',
    'with_payload',
    'with_vector',
    'params',
    'offset',
  ]);
  if (!fields || !check.vector(fields.query, 'query', size)) return undefined;
  const limit = fields.limit ?? 10;
  if (!check.integer(limit, 'limit', 1)) return undefined;
  if (fields.score_threshold !== undefined && !check.number(fields.score_threshold, 'score_threshold'))
    return undefined;
  if (fields.with_payload !== undefined && !check.boolean(fields.with_payload, 'with_payload')) return undefined;
  for (const unsupported of ['with_vector', 'params', 'offset'] as const) {
    if (fields[unsupported] !== undefined) check.fail(unsupported, 'not implemented by the fake');
  }
  return {
    vector: fields.query,
    filter:
      fields.filter === undefined || fields.filter === null ? undefined : readFilter(fields.filter, 'filter', check),
    limit,
    scoreThreshold: fields.score_threshold as number | undefined,
    withPayload: fields.with_payload === true,
  };
}

/** PointsSelector: a PointIdsList or a FilterSelector. */
export function readPointsSelector(
  body: unknown,
  check: ShapeCheck,
): { ids?: Array<number | string>; filter?: FakeFilter } {
  const fields = check.object(body, '', ['points', 'filter', 'shard_key']);
  if (!fields) return {};
  if (fields.points !== undefined && fields.filter !== undefined) check.fail('', 'either points or filter, not both');
  if (fields.points !== undefined) {
    if (!check.array(fields.points, 'points')) return {};
    return { ids: fields.points.filter((id, index): id is number | string => check.pointId(id, `points.${index}`)) };
  }
  if (fields.filter !== undefined) return { filter: readFilter(fields.filter, 'filter', check) };
  check.fail('', 'expected points or filter');
  return {};
}

export function readCount(body: unknown, check: ShapeCheck): { filter: FakeFilter | undefined } {
  const fields = check.object(body ?? {}, '', ['filter', 'exact', 'shard_key']) ?? {};
  if (fields.exact !== undefined) check.boolean(fields.exact, 'exact');
  return {
    filter:
      fields.filter === undefined || fields.filter === null ? undefined : readFilter(fields.filter, 'filter', check),
  };
}

export function newCheck(operation: string): ShapeCheck {
  return new ShapeCheck(operation);
}
