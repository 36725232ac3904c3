/**
 * A warning that can recur on every request (a cache or event stream that is down), logged at most once per interval
 * with how many were held back since, instead of once per request.
 */
export class ThrottledWarning {
  private lastAt = Number.NEGATIVE_INFINITY;
  private heldBack = 0;

  constructor(
    private readonly logger: { warn(details: object, message: string): void },
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(details: object, message: string): void {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.heldBack += 1;
      return;
    }
    this.logger.warn({ ...details, heldBack: this.heldBack }, message);
    this.lastAt = now;
    this.heldBack = 0;
  }
}
