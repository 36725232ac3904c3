/** How many stored turns a writer remembers: ~5 MB of keys, a day of several hundred agent sessions' turns. */
const DEFAULT_CAPACITY = 50_000;

/**
 * The turns (day and hash) this writer has seen committed to request_log_turns, so that a request resending them
 * sends references only (docs/request-log.md). Bounded: past `capacity` the least recently seen is forgotten, and a
 * forgotten turn is simply sent again (its insert does nothing when the day already holds it).
 */
export class KnownTurns {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Whether the turn is known stored; a known turn becomes the most recently seen. */
  has(key: string): boolean {
    if (!this.keys.delete(key)) return false;
    this.keys.add(key);
    return true;
  }

  /** Remembers turns a committed transaction stored. */
  add(keys: Iterable<string>): void {
    for (const key of keys) {
      this.keys.delete(key);
      this.keys.add(key);
      if (this.keys.size > this.capacity) {
        const oldest = this.keys.values().next();
        if (!oldest.done) this.keys.delete(oldest.value);
      }
    }
  }

  /** Forgets everything (a day partition was dropped or found missing). */
  clear(): void {
    this.keys.clear();
  }
}

/** A turn's key in KnownTurns: its day partition and its hash. */
export function turnKey(day: string, hash: Buffer): string {
  return `${day}:${hash.toString('hex')}`;
}
