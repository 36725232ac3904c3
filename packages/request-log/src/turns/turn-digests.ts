import { hash } from 'node:crypto';
import { SecondChanceMap } from './second-chance-map';

/** A turn's key in request_log_turns: the first 16 bytes of the SHA-256 of its JSON text. */
export const TURN_HASH_BYTES = 16;

/**
 * How many bytes of turns a writer keeps copies of: ~16 MB, the conversations of a few hundred agent sessions between
 * one request and the next.
 */
const DEFAULT_CAPACITY_BYTES = 16 * 1024 * 1024;

/** What an entry costs beyond its turn's bytes (the Map entry, the entry, the copy's ArrayBuffer, the hex string). */
const ENTRY_OVERHEAD_BYTES = 256;

/** What an eviction brings the bytes held down to, as a share of the capacity. */
const EVICTED_TO = 0.75;

/** Turns of one fingerprint kept at once, the most recently used first. */
const PER_FINGERPRINT = 8;

/**
 * What a turn's fingerprint reads: every 32-bit word of its first HEAD_BYTES (where turns that differ mostly do: a
 * role, a step, a tool call's id), then SPREAD_WORDS spread evenly over the whole of it.
 */
const HEAD_BYTES = 128;
const SPREAD_WORDS = 8;

interface Entry {
  bytes: Uint8Array;
  hex: string;
}

/**
 * The hashes of turns (TURN_HASH_BYTES of SHA-256, as hex) a writer has recently named, each kept with a copy of the
 * bytes it was computed from: a turn sent again (an agent resends its whole conversation with every request) is
 * matched byte for byte against the copy and its hash reused, where hashing it costs about a microsecond, most of it
 * the call (BENCHMARKS.md, 2026-12-07 13:00–14:50 UTC notes). Entries are found by a fingerprint of the length and a
 * few sampled words, up to PER_FINGERPRINT turns sharing one; only an identical copy lends its hash, so the
 * fingerprint's collisions cost a hash, never a wrong name. Bounded by the bytes copied: past `capacityBytes` the
 * turns of the least recently used fingerprints (about: SecondChanceMap) are forgotten.
 */
export class TurnDigests {
  private readonly entries = new SecondChanceMap<number, Entry[]>();
  private bytes = 0;

  constructor(private readonly capacityBytes = DEFAULT_CAPACITY_BYTES) {}

  /** The bytes its remembered turns account for, their copies and overhead. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** The hash (hex) of `text`'s bytes from `start` to `end` (exclusive). */
  hexOf(text: Buffer, start: number, end: number): string {
    const fingerprint = fingerprintOf(text, start, end);
    const found = this.entries.get(fingerprint);
    const entries = found ?? [];
    // Most recently used first in its list.
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index] as Entry;
      if (text.compare(entry.bytes, 0, entry.bytes.length, start, end) !== 0) continue;
      if (index > 0) entries.unshift(...entries.splice(index, 1));
      return entry.hex;
    }
    const entry = this.remembered(text.subarray(start, end), entries);
    if (found === undefined && entries.length > 0) this.entries.set(fingerprint, entries);
    this.evictPastCapacity();
    return entry.hex;
  }

  /** A new entry for `bytes`, first in `entries` (the last dropped past PER_FINGERPRINT) unless it alone is too big. */
  private remembered(bytes: Buffer, entries: Entry[]): Entry {
    const entry = { bytes: copyOf(bytes), hex: hash('sha256', bytes, 'hex').slice(0, 2 * TURN_HASH_BYTES) };
    if (costOf(entry) > this.capacityBytes) return entry;
    entries.unshift(entry);
    this.bytes += costOf(entry);
    if (entries.length > PER_FINGERPRINT) this.bytes -= costOf(entries.pop() as Entry);
    return entry;
  }

  /**
   * Past capacity, forgets the least recently used (about: SecondChanceMap) down to EVICTED_TO of it in one pass: each
   * pass starts at the map's oldest slot and walks the slots deleted since its last rehash, so evicting one entry at a
   * time cost a walk per turn once the map was full.
   */
  private evictPastCapacity(): void {
    if (this.bytes <= this.capacityBytes) return;
    this.entries.evict(
      () => this.bytes <= this.capacityBytes * EVICTED_TO,
      (entries) => {
        for (const entry of entries) this.bytes -= costOf(entry);
      },
    );
  }
}

/**
 * The bytes in an ArrayBuffer of their own: Buffer.from would put a short turn in Node's shared 8 KB pool, whose
 * every slab a remembered turn would keep alive.
 */
function copyOf(bytes: Buffer): Uint8Array {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

function costOf(entry: Entry): number {
  return entry.bytes.length + ENTRY_OVERHEAD_BYTES;
}

/** The turn's length and the words HEAD_BYTES and SPREAD_WORDS name, mixed into a non-negative integer below 2^53. */
function fingerprintOf(text: Buffer, start: number, end: number): number {
  const length = end - start;
  let mixed = length;
  if (length >= 4) {
    const headEnd = start + Math.min(length, HEAD_BYTES) - 4;
    for (let at = start; at <= headEnd; at += 4) mixed = mix(mixed, wordAt(text, at));
    for (let word = 0; word < SPREAD_WORDS; word++)
      mixed = mix(mixed, wordAt(text, start + Math.floor((word * (length - 4)) / (SPREAD_WORDS - 1))));
  }
  return (mixed >>> 0) * 2 ** 21 + (length % 2 ** 21);
}

/** The 32-bit word at `at` (readInt32LE's checks cost more than the rest of the fingerprint). */
function wordAt(text: Buffer, at: number): number {
  return (text[at] ?? 0) | ((text[at + 1] ?? 0) << 8) | ((text[at + 2] ?? 0) << 16) | ((text[at + 3] ?? 0) << 24);
}

function mix(mixed: number, word: number): number {
  const product = Math.imul(mixed ^ word, 0x9e3779b1);
  return product ^ (product >>> 15);
}
