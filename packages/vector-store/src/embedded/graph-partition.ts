import hnswlib from 'hnswlib-node';
import { type AcceptId, byScoreThenId, type PartitionMatch } from './partition-match';

const { HierarchicalNSW } = hnswlib;
type HnswIndex = InstanceType<typeof HierarchicalNSW>;

export interface GraphOptions {
  /** HNSW links per node. */
  m: number;
  efConstruction: number;
  /** Candidate list size while searching; raised to the limit when the limit is larger. */
  efSearch: number;
}

/** The state a saved graph needs besides its index file. */
export interface GraphLabels {
  labels: Array<[id: string, label: number]>;
  nextLabel: number;
}

/**
 * A large scope's records in its own HNSW graph (hnswlib, inner product over unit vectors, so
 * 1 - distance is the cosine). Deleted slots are reused; the graph doubles when full.
 */
export class GraphPartition {
  readonly kind = 'graph';
  private readonly labelsById = new Map<string, number>();
  private readonly idsByLabel = new Map<number, string>();
  private deletedSlots = 0;

  private constructor(
    private readonly index: HnswIndex,
    private readonly options: GraphOptions,
    private nextLabel: number,
  ) {}

  static create(dimensions: number, options: GraphOptions, capacity: number): GraphPartition {
    const index = new HierarchicalNSW('ip', dimensions);
    index.initIndex({
      maxElements: capacity,
      m: options.m,
      efConstruction: options.efConstruction,
      allowReplaceDeleted: true,
    });
    return new GraphPartition(index, options, 0);
  }

  static async load(
    file: string,
    dimensions: number,
    options: GraphOptions,
    saved: GraphLabels,
  ): Promise<GraphPartition> {
    const index = new HierarchicalNSW('ip', dimensions);
    await index.readIndex(file, true);
    const partition = new GraphPartition(index, options, saved.nextLabel);
    for (const [id, label] of saved.labels) partition.remember(id, label);
    partition.deletedSlots = index.getCurrentCount() - saved.labels.length;
    return partition;
  }

  get size(): number {
    return this.labelsById.size;
  }

  add(id: string, vector: Float32Array): void {
    this.remove(id);
    if (this.deletedSlots === 0 && this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(16, this.index.getMaxElements() * 2));
    }
    const label = this.nextLabel;
    this.nextLabel += 1;
    this.index.addPoint(Array.from(vector), label, this.deletedSlots > 0);
    if (this.deletedSlots > 0) this.deletedSlots -= 1;
    this.remember(id, label);
  }

  remove(id: string): boolean {
    const label = this.labelsById.get(id);
    if (label === undefined) return false;
    this.index.markDelete(label);
    this.labelsById.delete(id);
    this.idsByLabel.delete(label);
    this.deletedSlots += 1;
    return true;
  }

  search(query: Float32Array, limit: number, accept: AcceptId): PartitionMatch[] {
    const neighbours = Math.min(limit, this.size);
    if (neighbours === 0) return [];
    this.index.setEf(Math.max(this.options.efSearch, neighbours));
    const result = this.index.searchKnn(Array.from(query), neighbours, (label) => {
      const id = this.idsByLabel.get(label);
      return id !== undefined && accept(id);
    });
    const matches: PartitionMatch[] = [];
    result.neighbors.forEach((label, position) => {
      const id = this.idsByLabel.get(label);
      const distance = result.distances[position];
      if (id !== undefined && distance !== undefined) matches.push({ id, score: clampScore(1 - distance) });
    });
    return matches.sort(byScoreThenId);
  }

  async save(file: string): Promise<GraphLabels> {
    await this.index.writeIndex(file);
    return { labels: [...this.labelsById], nextLabel: this.nextLabel };
  }

  private remember(id: string, label: number): void {
    this.labelsById.set(id, label);
    this.idsByLabel.set(label, id);
  }
}

function clampScore(score: number): number {
  return Math.min(1, Math.max(-1, score));
}
