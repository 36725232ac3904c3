import type { VectorMatch, VectorPayload } from '../vector-store';
import { FlatPartition } from './flat-partition';
import { type GraphOptions, GraphPartition } from './graph-partition';

export type ScopePartition = FlatPartition | GraphPartition;

export interface IndexedRecord {
  scope: string;
  expiresAt: number;
  payload: VectorPayload;
}

export interface ScopedIndexOptions extends GraphOptions {
  dimensions: number;
  /** A scope with more records than this moves from brute force to its own HNSW graph. */
  flatLimit: number;
}

/**
 * The in-memory index of an embedded store: one partition per scope (exact brute force while
 * small, an HNSW graph once large) and every record's scope, expiry and payload.
 *
 * Scope is an exact-match key, so partitioning by it answers a filtered search without walking
 * other scopes' nodes: a filter callback over one shared graph degrades towards a full scan when
 * the scope is a small fraction of the records. hnswlib's filter still screens out expired records.
 */
export class ScopedVectorIndex {
  readonly records = new Map<string, IndexedRecord>();
  readonly partitions = new Map<string, ScopePartition>();

  constructor(readonly options: ScopedIndexOptions) {}

  upsert(id: string, vector: Float32Array, record: IndexedRecord): void {
    const previous = this.records.get(id);
    if (previous && previous.scope !== record.scope) this.removeFromPartition(id, previous.scope);
    let partition = this.partitions.get(record.scope);
    if (!partition) {
      partition = new FlatPartition();
      this.partitions.set(record.scope, partition);
    }
    partition.add(id, vector);
    this.records.set(id, record);
    if (partition.kind === 'flat' && partition.size > this.options.flatLimit) this.promote(record.scope, partition);
  }

  remove(id: string): boolean {
    const record = this.records.get(id);
    if (!record) return false;
    this.removeFromPartition(id, record.scope);
    this.records.delete(id);
    return true;
  }

  search(scope: string, query: Float32Array, limit: number, minScore: number, now: number): VectorMatch[] {
    const partition = this.partitions.get(scope);
    if (!partition) return [];
    const live = (id: string) => (this.records.get(id)?.expiresAt ?? 0) > now;
    const matches: VectorMatch[] = [];
    for (const match of partition.search(query, limit, live)) {
      const record = this.records.get(match.id);
      if (record && match.score >= minScore)
        matches.push({ id: match.id, score: match.score, payload: record.payload });
    }
    return matches;
  }

  expiredIds(now: number): string[] {
    const expired: string[] = [];
    for (const [id, record] of this.records) if (record.expiresAt <= now) expired.push(id);
    return expired;
  }

  /** Installs a partition read from a snapshot. */
  adopt(scope: string, partition: ScopePartition): void {
    this.partitions.set(scope, partition);
  }

  private removeFromPartition(id: string, scope: string): void {
    const partition = this.partitions.get(scope);
    if (!partition) return;
    partition.remove(id);
    if (partition.size === 0) this.partitions.delete(scope);
  }

  private promote(scope: string, flat: FlatPartition): void {
    const graph = GraphPartition.create(this.options.dimensions, this.options, Math.max(1024, flat.size * 2));
    for (const [id, vector] of flat.entries()) graph.add(id, vector);
    this.partitions.set(scope, graph);
  }
}
