import type { QdrantClient } from '@qdrant/js-client-rest';
import { normalizeVector } from '../normalize-vector';
import { PeriodicTask } from '../periodic-task';
import { asRecordList, validateQuery, validateRecord } from '../validate-record';
import type { VectorMatch, VectorQuery, VectorRecord, VectorStore, VectorStoreLogger } from '../vector-store';
import { VectorStoreError } from '../vector-store-error';
import { describeQdrantFailure } from './describe-qdrant-failure';
import { expiredBy, liveInScope } from './qdrant-filters';
import { qdrantPointId } from './qdrant-point-id';
import { EXPIRES_AT_FIELD, fromPointPayload, SCOPE_FIELD, toPointPayload } from './qdrant-point-payload';

export interface QdrantVectorStoreOptions {
  /** QDRANT_URL, e.g. `http://127.0.0.1:6333`. */
  url: string;
  /** QDRANT_API_KEY, sent as the `api-key` header. */
  apiKey?: string | undefined;
  /** Default `sluice_semantic_cache`. */
  collection?: string;
  dimensions: number;
  /** Per request. Default 3000 ms: a slow store must not hold up the hot path. */
  timeoutMs?: number;
  /** How often expired points are deleted; 0: never (call deleteExpired). Default 60 s. */
  sweepIntervalMs?: number;
  clock?: () => number;
  logger?: VectorStoreLogger | undefined;
}

/**
 * A vector store on Qdrant's REST API: one cosine collection, created at start with keyword and
 * integer payload indexes for the scope and expiry fields that every search filters on.
 */
export function createQdrantVectorStore(options: QdrantVectorStoreOptions): VectorStore {
  return new QdrantVectorStore(options);
}

class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant';
  readonly dimensions: number;
  /** Qdrant's client, loaded as the store starts: a gateway without QDRANT_URL never loads its module (~4 MB of heap). */
  private loadedClient: QdrantClient | undefined;
  private readonly collection: string;
  private readonly clock: () => number;
  private readonly sweepTask: PeriodicTask;
  private started: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: QdrantVectorStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1)
      throw new TypeError('dimensions must be a positive integer');
    this.dimensions = options.dimensions;
    this.collection = options.collection ?? 'sluice_semantic_cache';
    this.clock = options.clock ?? Date.now;
    this.sweepTask = new PeriodicTask(
      options.sweepIntervalMs ?? 60_000,
      () => this.deleteExpired(this.clock()),
      (error) => options.logger?.warn({ err: error, collection: this.collection }, 'qdrant sweep failed'),
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
    const points = asRecordList(records).map((record) => {
      validateRecord(record);
      const vector = Array.from(normalizeVector(record.vector, this.dimensions));
      return { id: qdrantPointId(record.id), vector, payload: toPointPayload(record) };
    });
    await this.ready();
    if (points.length === 0) return;
    await this.call('upsert', () => this.client.upsert(this.collection, { wait: true, points }));
  }

  async search(query: VectorQuery): Promise<VectorMatch[]> {
    validateQuery(query);
    const vector = Array.from(normalizeVector(query.vector, this.dimensions));
    await this.ready();
    const response = await this.call('query', () =>
      this.client.query(this.collection, {
        query: vector,
        filter: liveInScope(query.scope, this.clock()),
        limit: query.limit,
        ...(query.minScore === undefined ? {} : { score_threshold: query.minScore }),
        with_payload: true,
      }),
    );
    const matches: VectorMatch[] = [];
    for (const point of response.points) {
      const stored = fromPointPayload(point.payload);
      if (stored && (query.minScore === undefined || point.score >= query.minScore)) {
        matches.push({ id: stored.id, score: point.score, payload: stored.payload });
      }
    }
    return matches;
  }

  async delete(ids: readonly string[]): Promise<void> {
    await this.ready();
    if (ids.length === 0) return;
    const points = ids.map(qdrantPointId);
    await this.call('delete', () => this.client.delete(this.collection, { wait: true, points }));
  }

  async deleteExpired(now: number): Promise<number> {
    await this.ready();
    const filter = expiredBy(now);
    const { count } = await this.call('count', () => this.client.count(this.collection, { filter, exact: true }));
    if (count > 0) await this.call('delete', () => this.client.delete(this.collection, { wait: true, filter }));
    return count;
  }

  async count(): Promise<number> {
    await this.ready();
    const { count } = await this.call('count', () => this.client.count(this.collection, { exact: true }));
    return count;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sweepTask.stop();
  }

  private get client(): QdrantClient {
    if (!this.loadedClient) throw new Error('the Qdrant client is used before the store started');
    return this.loadedClient;
  }

  private async start(): Promise<void> {
    if (this.options.apiKey && this.options.url.startsWith('http://')) {
      this.options.logger?.warn({ url: this.options.url }, 'QDRANT_API_KEY is sent over plain http');
    }
    const { QdrantClient: Client } = await import('@qdrant/js-client-rest');
    // The key goes as a plain header: the client's own apiKey option writes warnings to the console.
    this.loadedClient ??= new Client({
      url: this.options.url,
      headers: this.options.apiKey ? { 'api-key': this.options.apiKey } : {},
      timeout: this.options.timeoutMs ?? 3000,
      checkCompatibility: false,
    });
    const { exists } = await this.call('collection exists', () => this.client.collectionExists(this.collection));
    if (exists) await this.checkDimensions();
    else await this.createCollection();
    for (const [field_name, field_schema] of [
      [SCOPE_FIELD, 'keyword'],
      [EXPIRES_AT_FIELD, 'integer'],
    ] as const) {
      await this.call('create payload index', () =>
        this.client.createPayloadIndex(this.collection, { wait: true, field_name, field_schema }),
      );
    }
    this.sweepTask.start();
  }

  private async createCollection(): Promise<void> {
    try {
      await this.client.createCollection(this.collection, { vectors: { size: this.dimensions, distance: 'Cosine' } });
    } catch (error) {
      // Another process may have created it first.
      const { exists } = await this.call('collection exists', () => this.client.collectionExists(this.collection));
      if (!exists) throw this.unavailable('create collection', error);
      await this.checkDimensions();
    }
  }

  private async checkDimensions(): Promise<void> {
    const info = await this.call('get collection', () => this.client.getCollection(this.collection));
    const vectors = info.config.params.vectors;
    const size = vectors && 'size' in vectors && typeof vectors.size === 'number' ? vectors.size : undefined;
    if (size !== this.dimensions) {
      throw new VectorStoreError({
        code: 'vector_dimension_mismatch',
        message: `Qdrant collection ${this.collection} holds ${size ?? 'named'} vectors; this store needs one unnamed ${this.dimensions}-dimension vector per point. Use another collection name.`,
      });
    }
  }

  private async ready(): Promise<void> {
    if (this.closed)
      throw new VectorStoreError({ code: 'vector_store_closed', message: 'The vector store is closed.' });
    await this.ensureCollection();
  }

  private async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.unavailable(operation, error);
    }
  }

  private unavailable(operation: string, error: unknown): VectorStoreError {
    if (error instanceof VectorStoreError) return error;
    return new VectorStoreError({
      code: 'vector_store_unavailable',
      message: `Qdrant ${operation} on collection ${this.collection} failed: ${describeQdrantFailure(error)}`,
      cause: error,
    });
  }
}
