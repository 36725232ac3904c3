/**
 * A Map that forgets its least recently used entries about as an LRU would, without moving an entry on each use: a
 * use marks it, and an eviction pass, oldest first, moves a marked entry to the newest end unmarked (its second
 * chance) and forgets an unmarked one. Moving on every use (delete, then set) made V8 rehash the map every few
 * thousand uses: ~5 µs a use in a map of 50,000 entries, ~0.1 µs in one of 47, against ~0.01 to mark
 * (BENCHMARKS.md, 2026-12-07 19:38–20:40 UTC notes: agentrow).
 */
export class SecondChanceMap<K, V> {
  private readonly slots = new Map<K, { value: V; used: boolean }>();

  get size(): number {
    return this.slots.size;
  }

  /** The value for `key`, marked used. */
  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** Sets `key` to `value` as the newest entry, unmarked. */
  set(key: K, value: V): void {
    this.slots.delete(key);
    this.slots.set(key, { value, used: false });
  }

  clear(): void {
    this.slots.clear();
  }

  /**
   * Forgets entries, the oldest first, until `enough()`: a marked one is moved to the newest end unmarked instead,
   * once. `forgotten` is told each value forgotten.
   */
  evict(enough: () => boolean, forgotten: (value: V) => void = () => {}): void {
    for (const [key, slot] of this.slots) {
      if (enough()) return;
      this.slots.delete(key);
      if (slot.used) {
        slot.used = false;
        this.slots.set(key, slot);
      } else {
        forgotten(slot.value);
      }
    }
  }
}
