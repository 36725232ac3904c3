/**
 * How long a port must have carried nothing for an item to go at once: a pace of items that never share an event
 * loop's turn (one request at a time, a token every 20 ms or so), rather than of many requests at once.
 */
const QUIET_MS = 1;

/**
 * Items for another thread, posted in batches. While posts are frequent, an item waits for the end of the event loop's
 * turn, so that every item the turn produced goes in one post (one wake and one message for the other thread, not one
 * per item); after QUIET_MS without a post it goes at once, having no company to wait for. `send` makes the post.
 */
export class TurnBatchedPost<Item> {
  private pending: Item[] = [];
  private scheduled = false;
  private postedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (items: Item[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(...items: Item[]): void {
    this.pending.push(...items);
    if (this.scheduled) return;
    if (this.now() - this.postedAt >= QUIET_MS) {
      this.flush();
      return;
    }
    this.scheduled = true;
    setImmediate(this.flush);
  }

  /** Posts what waits now (before the port closes). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.postedAt = this.now();
    this.send(items);
  };
}
