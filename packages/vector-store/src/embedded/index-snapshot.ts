import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FlatPartition } from './flat-partition';
import { GraphPartition } from './graph-partition';
import { type ScopedIndexOptions, ScopedVectorIndex } from './scoped-vector-index';
import type { SnapshotDirectory } from './snapshot-directory';
import {
  parseSnapshotManifest,
  type SnapshotManifest,
  type SnapshotPartition,
  type SnapshotRecord,
} from './snapshot-manifest';

const MANIFEST = 'manifest.json';
const FLAT_VECTORS = 'flat.f32';

/** Writes the index as a new snapshot: manifest.json, flat.f32 and one graph-N.hnsw per graph partition. */
export async function saveIndexSnapshot(
  index: ScopedVectorIndex,
  directory: SnapshotDirectory,
  now: number,
): Promise<void> {
  await directory.replace(async (target) => {
    const partitions: SnapshotPartition[] = [];
    const flatRows: Float32Array[] = [];
    let graphs = 0;
    for (const [scope, partition] of index.partitions) {
      if (partition.kind === 'flat') {
        const records: SnapshotRecord[] = [];
        const offset = flatRows.length;
        for (const [id, vector] of partition.entries()) {
          records.push(recordOf(index, id));
          flatRows.push(vector);
        }
        partitions.push({ kind: 'flat', scope, offset, records });
      } else {
        const file = `graph-${graphs}.hnsw`;
        graphs += 1;
        const saved = await partition.save(join(target, file));
        const records = saved.labels.map(([id, label]) => ({ ...recordOf(index, id), label }));
        partitions.push({ kind: 'graph', scope, file, nextLabel: saved.nextLabel, records });
      }
    }
    await writeFile(join(target, FLAT_VECTORS), concatRows(flatRows, index.options.dimensions));
    const manifest: SnapshotManifest = {
      format: 'sluice-vector-store',
      version: 1,
      dimensions: index.options.dimensions,
      savedAt: now,
      partitions,
    };
    await writeFile(join(target, MANIFEST), JSON.stringify(manifest));
  });
}

/** Reads the current snapshot into a new index; undefined when there is none. */
export async function loadIndexSnapshot(
  directory: SnapshotDirectory,
  options: ScopedIndexOptions,
): Promise<ScopedVectorIndex | undefined> {
  const source = await directory.current();
  if (!source) return undefined;
  const manifest = parseSnapshotManifest(JSON.parse(await readFile(join(source, MANIFEST), 'utf8')));
  if (manifest.dimensions !== options.dimensions) {
    throw new DimensionMismatchError(manifest.dimensions, options.dimensions, source);
  }
  const flatBytes = await readFile(join(source, FLAT_VECTORS));
  const flat = new Float32Array(
    flatBytes.buffer.slice(flatBytes.byteOffset, flatBytes.byteOffset + flatBytes.byteLength),
  );
  const index = new ScopedVectorIndex(options);
  for (const partition of manifest.partitions) {
    for (const record of partition.records) {
      index.records.set(record.id, { scope: partition.scope, expiresAt: record.expiresAt, payload: record.payload });
    }
    if (partition.kind === 'flat') {
      index.adopt(partition.scope, readFlatPartition(partition.records, partition.offset, flat, options.dimensions));
    } else {
      const labels = partition.records.map((record): [string, number] => [record.id, record.label ?? -1]);
      if (labels.some(([, label]) => label < 0)) throw new Error(`${partition.file}: a record has no label`);
      const graph = await GraphPartition.load(join(source, basename(partition.file)), options.dimensions, options, {
        labels,
        nextLabel: partition.nextLabel,
      });
      index.adopt(partition.scope, graph);
    }
  }
  await directory.removeAllBut(basename(source));
  return index;
}

/** The snapshot on disk was written for vectors of another length. */
export class DimensionMismatchError extends Error {
  constructor(
    readonly found: number,
    readonly expected: number,
    readonly source: string,
  ) {
    super(
      `The vector snapshot at ${source} holds ${found}-dimension vectors; this store is configured for ${expected}.`,
    );
    this.name = 'DimensionMismatchError';
  }
}

function recordOf(index: ScopedVectorIndex, id: string): SnapshotRecord {
  const record = index.records.get(id);
  if (!record) throw new Error(`record ${id} is in a partition but not in the record table`);
  return { id, expiresAt: record.expiresAt, payload: record.payload };
}

function readFlatPartition(
  records: SnapshotRecord[],
  offset: number,
  rows: Float32Array,
  dimensions: number,
): FlatPartition {
  const partition = new FlatPartition();
  records.forEach((record, position) => {
    const start = (offset + position) * dimensions;
    if (start + dimensions > rows.length) throw new Error(`${FLAT_VECTORS}: too short for the manifest`);
    partition.add(record.id, rows.slice(start, start + dimensions));
  });
  return partition;
}

function concatRows(rows: readonly Float32Array[], dimensions: number): Uint8Array {
  const all = new Float32Array(rows.length * dimensions);
  for (const [position, row] of rows.entries()) all.set(row, position * dimensions);
  return new Uint8Array(all.buffer);
}
