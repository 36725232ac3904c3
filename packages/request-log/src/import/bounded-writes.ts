/** Runs at most `limit` writes at once; the first failure is thrown by the next start or settle. */
export class BoundedWrites<Work> {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly limit: number,
    private readonly write: (work: Work) => Promise<void>,
  ) {}

  /** Waits for room (throwing an earlier write's failure), then starts writing `work`. */
  async start(work: Work): Promise<void> {
    await this.settle(this.limit - 1);
    const promise: Promise<void> = this.write(work).then(
      () => {
        this.running.delete(promise);
      },
      (error: unknown) => {
        this.running.delete(promise);
        this.failure ??= { error };
      },
    );
    this.running.add(promise);
  }

  /** Waits until at most `atMost` writes run, then throws the first failure, if any. */
  async settle(atMost: number): Promise<void> {
    while (this.running.size > atMost) await Promise.race(this.running);
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Waits for every running write, whatever its outcome. */
  async finished(): Promise<void> {
    await Promise.allSettled(this.running);
  }
}
