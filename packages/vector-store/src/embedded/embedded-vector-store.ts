import { join } from 'node:path';
import { normalizeVector } from '../normalize-vector';
import { PeriodicTask } from '../periodic-task';
import { asRecordList, validateQuery, validateRecord } from '../validate-record';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore, VectorStoreLogger } from '../vector-store';
import { VectorStoreError } from '../vector-store-error';
import { DirectoryLock } from './directory-lock';
import { DimensionMismatchError, loadIndexSnapshot, saveIndexSnapshot } from './index-snapshot';
import { type ScopedIndexOptions, ScopedVectorIndex } from './scoped-vector-index';
import { SerialLock } from './serial-lock';
import { SnapshotDirectory } from './snapshot-directory';

export interface EmbeddedVectorStoreOptions {
  dimensions: number;
  /** Where snapshots live (SLUICE_DATA_DIR): `<dataDir>/vector-store/<collection>/`. Omitted: memory only. */
  dataDir?: string;
  /** Letters, digits, `-` and `_`. Default `semantic-cache`. */
  collection?: string;
  /** A scope with more records than this gets its own HNSW graph; smaller ones are searched exactly. Default 256. */
  flatLimit?: number;
  /** HNSW parameters: links per node (16), build candidate list (100), search candidate list (64). */
  m?: number;
  efConstruction?: number;
  efSearch?: number;
  /** How often a changed index is written to disk; 0: only on close. Default 60 s. */
  persistIntervalMs?: number;
  /** How often expired records are deleted; 0: never (call deleteExpired). Default 60 s. */
  sweepIntervalMs?: number;
  clock?: () => number;
  logger?: VectorStoreLogger | undefined;
}

/** An in-process vector store: hnswlib graphs per large scope, exact search for small ones, snapshots on disk. */
export function createEmbeddedVectorStore(options: EmbeddedVectorStoreOptions): VectorStore {
  return new EmbeddedVectorStore(options);
}

class EmbeddedVectorStore implements VectorStore {
  readonly kind = 'embedded';
  readonly dimensions: number;
  private readonly indexOptions: ScopedIndexOptions;
  private readonly snapshots: SnapshotDirectory | undefined;
  private readonly lockFile: DirectoryLock | undefined;
  private readonly clock: () => number;
  private readonly lock = new SerialLock();
  private readonly persistTask: PeriodicTask;
  private readonly sweepTask: PeriodicTask;
  private index: ScopedVectorIndex;
  private started: Promise<void> | undefined;
  private dirty = false;
  private closed = false;

  constructor(private readonly options: EmbeddedVectorStoreOptions) {
    const collection = options.collection ?? 'semantic-cache';
    if (!/^[A-Za-z0-9_-]+$/.test(collection))
      throw new TypeError(`Invalid collection name ${JSON.stringify(collection)}`);
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1)
      throw new TypeError('dimensions must be a positive integer');
    this.dimensions = options.dimensions;
    this.indexOptions = {
      dimensions: options.dimensions,
      flatLimit: options.flatLimit ?? 256,
      m: options.m ?? 16,
      efConstruction: options.efConstruction ?? 100,
      efSearch: options.efSearch ?? 64,
    };
    this.index = new ScopedVectorIndex(this.indexOptions);
    const root = options.dataDir ? join(options.dataDir, 'vector-store', collection) : undefined;
    this.snapshots = root ? new SnapshotDirectory(root) : undefined;
    this.lockFile = root ? new DirectoryLock(root) : undefined;
    this.clock = options.clock ?? Date.now;
    const warn = (message: string) => (error: unknown) => options.logger?.warn({ err: error, collection }, message);
    this.persistTask = new PeriodicTask(
      options.persistIntervalMs ?? 60_000,
      () => this.persist(),
      warn('vector snapshot failed'),
    );
    this.sweepTask = new PeriodicTask(
      options.sweepIntervalMs ?? 60_000,
      () => this.deleteExpired(this.clock()),
      warn('vector sweep failed'),
    );
  }

  ensureCollection(): Promise<void> {
    this.started ??= this.start().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  async upsert(records: VectorRecord | readonly VectorRecord[]): Promise<void> {
    const list = asRecordList(records);
    const vectors = list.map((record) => {
      validateRecord(record);
      return normalizeVector(record.vector, this.dimensions);
    });
    await this.ready();
    await this.lock.run(() => {
      list.forEach((record, position) => {
        const indexed = { scope: record.scope, expiresAt: record.expiresAt, payload: structuredClone(record.payload) };
        this.index.upsert(record.id, vectors[position] as Float32Array, indexed);
      });
      if (list.length > 0) this.dirty = true;
    });
  }

  async search(query: VectorQuery): Promise<VectorMatch[]> {
    validateQuery(query);
    const vector = normalizeVector(query.vector, this.dimensions);
    await this.ready();
    const minScore = query.minScore ?? Number.NEGATIVE_INFINITY;
    return this.index
      .search(query.scope, vector, query.limit, minScore, this.clock())
      .map((match) => ({ ...match, payload: structuredClone(match.payload) }));
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.ready();
    await this.lock.run(() => this.removeAll(ids));
  }

  async deleteExpired(now: number): Promise<number> {
    await this.ready();
    return this.lock.run(() => this.removeAll(this.index.expiredIds(now)));
  }

  async count(): Promise<number> {
    await this.ready();
    return this.index.records.size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.persistTask.stop(), this.sweepTask.stop()]);
    if (this.started)
      await this.started.then(
        () => this.persist(),
        () => undefined,
      );
    await this.lockFile?.release();
  }

  /** Writes a snapshot when anything changed since the last one. */
  private persist(): Promise<void> {
    return this.lock.run(async () => {
      if (!this.dirty || !this.snapshots) return;
      this.dirty = false;
      try {
        await saveIndexSnapshot(this.index, this.snapshots, this.clock());
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    });
  }

  private async start(): Promise<void> {
    const owner = await this.lockFile?.acquire();
    if (owner !== undefined) {
      throw new VectorStoreError({
        code: 'vector_store_unavailable',
        retryable: false,
        message: `Process ${owner} already has the embedded vector index at ${this.snapshots?.root} open; it is in-process and cannot be shared. Run the services in one process, or set QDRANT_URL.`,
      });
    }
    if (this.snapshots) await this.load(this.snapshots);
    this.persistTask.start();
    this.sweepTask.start();
  }

  private async load(snapshots: SnapshotDirectory): Promise<void> {
    try {
      const loaded = await loadIndexSnapshot(snapshots, this.indexOptions);
      if (loaded) this.index = loaded;
    } catch (error) {
      if (error instanceof DimensionMismatchError) {
        throw new VectorStoreError({
          code: 'vector_dimension_mismatch',
          message: `${error.message} Use another collection name, or delete that directory to start the cache empty.`,
          cause: error,
        });
      }
      this.options.logger?.warn({ err: error, root: snapshots.root }, 'vector snapshot unreadable; starting empty');
      this.index = new ScopedVectorIndex(this.indexOptions);
      this.dirty = true;
    }
    if (this.removeAll(this.index.expiredIds(this.clock())) > 0) this.dirty = true;
  }

  private async ready(): Promise<void> {
    if (this.closed)
      throw new VectorStoreError({ code: 'vector_store_closed', message: 'The vector store is closed.' });
    await this.ensureCollection();
  }

  private removeAll(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) if (this.index.remove(id)) removed += 1;
    if (removed > 0) this.dirty = true;
    return removed;
  }
}
