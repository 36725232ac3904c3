import { SecondChanceMap } from './second-chance-map';

/** How many stored turns a writer remembers: ~5 MB of keys, a day of several hundred agent sessions' turns. */
const DEFAULT_CAPACITY = 50_000;

/** What forgetting brings the turns remembered down to, as a share of the capacity. */
const EVICTED_TO = 0.9;

/** A turn in a day's partition of request_log_turns: the day, and the turn's hash (hex, TurnDigests). */
export interface TurnInDay {
  day: string;
  hash: string;
}

/**
 * The turns this writer has seen committed to request_log_turns, each with the day it was last stored for, so that a
 * request resending them sends references only (docs/request-log.md). Looked up by the hash alone — the string
 * TurnDigests hands out again for a turn it remembers, so no key is built per turn. Bounded: past `capacity` the
 * least recently seen are forgotten (about: SecondChanceMap), and a forgotten turn, or one known for another day (the
 * day it is stored again for replaces it), is simply sent again (its insert does nothing when the day already holds
 * it).
 */
export class KnownTurns {
  private readonly days = new SecondChanceMap<string, string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  /** Whether the turn is known stored for `day`; a known turn is marked seen. */
  has({ day, hash }: TurnInDay): boolean {
    return this.days.get(hash) === day;
  }

  /**
   * Remembers turns a committed transaction stored. Past capacity the least recently seen are forgotten down to
   * EVICTED_TO of it in one pass: a pass starts at the map's oldest slot and walks the slots deleted since its last
   * rehash, so forgetting one turn per turn added cost ~20 µs a turn once the map was full (BENCHMARKS.md, 2026-12-07
   * 13:00–14:50 UTC notes).
   */
  add(turns: Iterable<TurnInDay>): void {
    for (const { day, hash } of turns) this.days.set(hash, day);
    if (this.days.size > this.capacity) this.days.evict(() => this.days.size <= this.capacity * EVICTED_TO);
  }

  /** Forgets everything (a day partition was dropped or found missing). */
  clear(): void {
    this.days.clear();
  }
}
