import type { RedisClient } from '@sluice/queues';

/**
 * Long-poll support: one subscription per process to the channel on which settled job ids are published; a
 * waiter resolves when its job settles or its time is up, whichever is first.
 */
export class JobSettledListener {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, id: string) => {
      if (channel !== this.channel) return;
      const waiting = this.waiters.get(id);
      if (!waiting) return;
      this.waiters.delete(id);
      for (const wake of waiting) wake();
    });
    await this.subscriber.subscribe(this.channel);
  }

  /**
   * Resolves when job `id` settles or after `timeoutMs`. Register before re-reading the record, so a settle
   * between the read and the wait is never missed.
   */
  wait(id: string, timeoutMs: number): { settled: Promise<void>; cancel(): void } {
    let wake: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<void>((resolve) => {
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
      timer = setTimeout(() => this.forget(id, wake), timeoutMs);
      timer.unref();
    });
    const waiting = this.waiters.get(id) ?? new Set();
    waiting.add(wake);
    this.waiters.set(id, waiting);
    return { settled, cancel: () => this.forget(id, wake) };
  }

  async stop(): Promise<void> {
    for (const waiting of this.waiters.values()) for (const wake of waiting) wake();
    this.waiters.clear();
    this.subscriber.disconnect();
  }

  private forget(id: string, wake: () => void): void {
    const waiting = this.waiters.get(id);
    waiting?.delete(wake);
    if (waiting?.size === 0) this.waiters.delete(id);
    wake();
  }
}
