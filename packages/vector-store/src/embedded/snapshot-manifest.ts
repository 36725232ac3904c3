import type { JsonValue, VectorPayload } from '../vector-store';

/**
 * The persisted form of an embedded store, `manifest.json` in a snapshot directory:
 * records' metadata per scope partition. Flat partitions' vectors are rows of `flat.f32`
 * (little-endian float32, `offset` rows in); each graph partition has its own hnswlib file.
 */
export interface SnapshotManifest {
  format: 'sluice-vector-store';
  version: 1;
  dimensions: number;
  savedAt: number;
  partitions: SnapshotPartition[];
}

export interface SnapshotRecord {
  id: string;
  expiresAt: number;
  payload: VectorPayload;
  /** The hnswlib label, for records of graph partitions. */
  label?: number;
}

export type SnapshotPartition =
  | { kind: 'flat'; scope: string; offset: number; records: SnapshotRecord[] }
  | { kind: 'graph'; scope: string; file: string; nextLabel: number; records: SnapshotRecord[] };

/** Reads a manifest, naming the first thing wrong with it. */
export function parseSnapshotManifest(value: unknown): SnapshotManifest {
  const manifest = expectObject(value, 'manifest');
  if (manifest.format !== 'sluice-vector-store' || manifest.version !== 1) {
    throw new Error('manifest: not a sluice-vector-store version 1 manifest');
  }
  const dimensions = expectInteger(manifest.dimensions, 'manifest.dimensions');
  const partitions = expectArray(manifest.partitions, 'manifest.partitions').map((partition, index) =>
    parsePartition(partition, `manifest.partitions.${index}`),
  );
  return { format: 'sluice-vector-store', version: 1, dimensions, savedAt: Number(manifest.savedAt) || 0, partitions };
}

function parsePartition(value: unknown, path: string): SnapshotPartition {
  const partition = expectObject(value, path);
  const scope = expectString(partition.scope, `${path}.scope`);
  const records = expectArray(partition.records, `${path}.records`).map((record, index) =>
    parseRecord(record, `${path}.records.${index}`),
  );
  if (partition.kind === 'flat') {
    return { kind: 'flat', scope, offset: expectInteger(partition.offset, `${path}.offset`), records };
  }
  if (partition.kind === 'graph') {
    const file = expectString(partition.file, `${path}.file`);
    if (!/^graph-\d+\.hnsw$/.test(file)) throw new Error(`${path}.file: unexpected file name`);
    const nextLabel = expectInteger(partition.nextLabel, `${path}.nextLabel`);
    return { kind: 'graph', scope, file, nextLabel, records };
  }
  throw new Error(`${path}.kind: expected flat or graph`);
}

function parseRecord(value: unknown, path: string): SnapshotRecord {
  const record = expectObject(value, path);
  const parsed: SnapshotRecord = {
    id: expectString(record.id, `${path}.id`),
    expiresAt: expectNumber(record.expiresAt, `${path}.expiresAt`),
    payload: expectObject(record.payload, `${path}.payload`) as VectorPayload,
  };
  if (record.label !== undefined) parsed.label = expectInteger(record.label, `${path}.label`);
  return parsed;
}

function expectObject(value: unknown, path: string): { [key: string]: JsonValue | undefined } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${path}: expected an object`);
  return value as { [key: string]: JsonValue | undefined };
}

function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path}: expected an array`);
  return value;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Error(`${path}: expected a string`);
  return value;
}

function expectNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${path}: expected a number`);
  return value;
}

function expectInteger(value: unknown, path: string): number {
  const number = expectNumber(value, path);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${path}: expected a non-negative integer`);
  return number;
}
