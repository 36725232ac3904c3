/** Per account: whether hand-offs are open, the jobs in flight (handed off and from BullMQ), and the hand-off limit. */
const FIELDS = 3;
const OPEN = 0;
const BUSY = 1;
const LIMIT = 2;

/**
 * The local worker's slots per provider account, in memory shared by the ingress's thread and the worker's
 * (docs/sync-handoff.md). The worker opens an account it serves with no global concurrency limit and closes it while
 * the account is paused or the worker drains; it counts every job it runs, handed off or taken from BullMQ. The
 * ingress takes a slot for a hand-off only while the account is open and fewer than `limit` jobs are in flight.
 */
export class HandoffSlots {
  private readonly cells: Int32Array;
  private readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly providers: readonly string[],
    readonly memory: SharedArrayBuffer = new SharedArrayBuffer(providers.length * FIELDS * 4),
  ) {
    this.cells = new Int32Array(memory);
    this.index = new Map(providers.map((provider, position) => [provider, position * FIELDS]));
  }

  /** Takes a slot for a hand-off to the account's local worker; false when it is closed or full. */
  take(provider: string): boolean {
    const at = this.index.get(provider);
    if (at === undefined || Atomics.load(this.cells, at + OPEN) !== 1) return false;
    const limit = Atomics.load(this.cells, at + LIMIT);
    for (;;) {
      const busy = Atomics.load(this.cells, at + BUSY);
      if (busy >= limit) return false;
      if (Atomics.compareExchange(this.cells, at + BUSY, busy, busy + 1) === busy) return true;
    }
  }

  /** A job of the account started on the local worker without a hand-off (taken from BullMQ). */
  occupy(provider: string): void {
    const at = this.index.get(provider);
    if (at !== undefined) Atomics.add(this.cells, at + BUSY, 1);
  }

  /** A job of the account ended on the local worker, handed off or not. */
  release(provider: string): void {
    const at = this.index.get(provider);
    if (at !== undefined) Atomics.sub(this.cells, at + BUSY, 1);
  }

  /** Opens the account to hand-offs, at most `limit` jobs in flight, or closes it (limit ignored). */
  setOpen(provider: string, open: boolean, limit = 0): void {
    const at = this.index.get(provider);
    if (at === undefined) return;
    if (open) Atomics.store(this.cells, at + LIMIT, limit);
    Atomics.store(this.cells, at + OPEN, open ? 1 : 0);
  }

  /** The jobs of the account in flight on the local worker. */
  busy(provider: string): number {
    const at = this.index.get(provider);
    return at === undefined ? 0 : Atomics.load(this.cells, at + BUSY);
  }
}
