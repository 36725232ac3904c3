import { dotProduct } from '../normalize-vector';
import { type AcceptId, byScoreThenId, type PartitionMatch } from './partition-match';

/**
 * A small scope's records, searched exactly by brute force. Below a few hundred records this is
 * faster than walking a graph, and exact; a partition that outgrows the limit is promoted to a graph.
 */
export class FlatPartition {
  readonly kind = 'flat';
  private readonly ids: string[] = [];
  private readonly vectors: Float32Array[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  /** Adds a unit vector, replacing the one the id had. */
  add(id: string, vector: Float32Array): void {
    const position = this.positions.get(id);
    if (position !== undefined) {
      this.vectors[position] = vector;
      return;
    }
    this.positions.set(id, this.ids.length);
    this.ids.push(id);
    this.vectors.push(vector);
  }

  /** Removes an id by moving the last record into its place. */
  remove(id: string): boolean {
    const position = this.positions.get(id);
    if (position === undefined) return false;
    const lastId = this.ids.pop() as string;
    const lastVector = this.vectors.pop() as Float32Array;
    this.positions.delete(id);
    if (position < this.ids.length) {
      this.ids[position] = lastId;
      this.vectors[position] = lastVector;
      this.positions.set(lastId, position);
    }
    return true;
  }

  search(query: Float32Array, limit: number, accept: AcceptId): PartitionMatch[] {
    const matches: PartitionMatch[] = [];
    for (let position = 0; position < this.ids.length; position += 1) {
      const id = this.ids[position] as string;
      if (!accept(id)) continue;
      matches.push({ id, score: dotProduct(query, this.vectors[position] as Float32Array) });
    }
    return matches.sort(byScoreThenId).slice(0, limit);
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (let position = 0; position < this.ids.length; position += 1) {
      yield [this.ids[position] as string, this.vectors[position] as Float32Array];
    }
  }
}
