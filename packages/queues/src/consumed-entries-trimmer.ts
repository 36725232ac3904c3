import type { RedisClient } from './redis-client';

export interface ConsumedEntriesTrimmerOptions {
  redis: RedisClient;
  stream: string;
  /**
   * The consumer groups Sluice reads the stream with. Until each of them exists (a service not started yet, or not
   * deployed) nothing is trimmed, so a group created later still reads every entry the stream's length bound kept.
   */
  groups: readonly string[];
  /** How often to trim (default 5 s). */
  everyMs?: number;
  onError(error: unknown): void;
}

/**
 * Entries removed per XTRIM at most, so a large backlog (the first trim after an upgrade) is removed in steps of tens
 * of milliseconds (about 3.6 µs per 45 KB entry) that other clients' commands come between, not in one long pause.
 * Trimming is approximate (`~`): whole stream nodes only, so at most one node's entries (4 KB, or one entry larger
 * than that: stream-node-max-bytes) stay behind.
 */
const STEP = 10_000;

/** XINFO GROUPS, one group: `[name, value, …]` pairs. */
type GroupInfo = (string | number | null)[];

/**
 * Removes the entries of a stream read by several consumer groups once every group has finished with them: below the
 * lowest id any group still needs (its oldest delivered but unacknowledged entry, else the entry after the last one
 * it was delivered). Entries only leave a group's needs, never re-enter them, so trimmers running side by side (one
 * per consumer) are harmless. Every command touches only the stream's key (Redis Cluster).
 */
export class ConsumedEntriesTrimmer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: ConsumedEntriesTrimmerOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.trim()
        .then(() => undefined)
        .catch((error: unknown) => {
          if (this.timer !== undefined) this.options.onError(error);
        })
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.everyMs ?? 5_000);
    this.timer.unref();
  }

  /** Stops trimming; a trim under way is awaited, and a failure of it (its connection closing) is not reported. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Trims once; the number of entries removed (0 while a group is missing or none is finished with). */
  async trim(): Promise<number> {
    const lowest = await this.lowestNeededId();
    if (lowest === undefined) return 0;
    let removed = 0;
    for (;;) {
      const step = (await this.options.redis.xtrim(this.options.stream, 'MINID', '~', lowest, 'LIMIT', STEP)) as number;
      if (step === 0) return removed;
      removed += step;
    }
  }

  /**
   * The lowest id some group of the stream still needs (every group there, expected or not, so one an operator added
   * loses nothing), or undefined while an expected group does not exist.
   */
  private async lowestNeededId(): Promise<string | undefined> {
    const { redis, stream, groups } = this.options;
    const infos = (await redis.xinfo('GROUPS', stream)) as GroupInfo[];
    const lastDelivered = new Map(
      infos.map((info) => [String(field(info, 'name')), String(field(info, 'last-delivered-id'))]),
    );
    if (!groups.every((group) => lastDelivered.has(group))) return undefined;
    const needed = await Promise.all(
      [...lastDelivered].map(async ([group, lastDeliveredId]) => {
        const [count, smallest] = (await redis.xpending(stream, group)) as [number, string | null];
        return count > 0 && smallest !== null ? smallest : idAfter(lastDeliveredId);
      }),
    );
    return needed.reduce<string | undefined>(
      (lowest, id) => (lowest === undefined || compareIds(id, lowest) < 0 ? id : lowest),
      undefined,
    );
  }
}

function field(info: GroupInfo, name: string): string | number | null | undefined {
  const index = info.indexOf(name);
  return index % 2 === 0 ? info[index + 1] : undefined;
}

function idParts(id: string): [bigint, bigint] {
  const [ms = 0n, seq = 0n] = id.split('-').map(BigInt);
  return [ms, seq];
}

/** The smallest id greater than `id`. */
function idAfter(id: string): string {
  const [ms, seq] = idParts(id);
  return `${ms}-${seq + 1n}`;
}

/** Orders stream ids (`<ms>-<seq>`) as Redis does. */
function compareIds(left: string, right: string): number {
  const [leftMs, leftSeq] = idParts(left);
  const [rightMs, rightSeq] = idParts(right);
  if (leftMs !== rightMs) return leftMs < rightMs ? -1 : 1;
  return leftSeq === rightSeq ? 0 : leftSeq < rightSeq ? -1 : 1;
}
