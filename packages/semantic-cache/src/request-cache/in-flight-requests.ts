/** How one leading request ended: whether it succeeded, so that waiting duplicates look in the cache. */
export interface Flight {
  readonly settled: Promise<boolean>;
  settle(succeeded: boolean): void;
}

/**
 * Identical cacheable requests in flight at once on one ingress (docs/dashboard.md, "first run"): the first leads
 * (goes upstream), the rest wait for it and then look in the cache, so that a burst makes one upstream call.
 */
export class InFlightRequests {
  private readonly flights = new Map<string, Flight>();

  /** The leading flight for the key, or undefined after registering this caller as the leader (`lead`). */
  join(key: string): { leader: Flight } | { lead: Flight } {
    const leader = this.flights.get(key);
    if (leader !== undefined) return { leader };
    let settle: (succeeded: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    const lead: Flight = {
      settled,
      settle: (succeeded) => {
        if (this.flights.get(key) === lead) this.flights.delete(key);
        settle(succeeded);
      },
    };
    this.flights.set(key, lead);
    return { lead };
  }

  get size(): number {
    return this.flights.size;
  }
}
