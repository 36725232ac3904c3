import type { BatchLeases } from './batch-leases';
import type { BatchRow } from './batch-object';
import type { BatchResultConsumer } from './batch-result-consumer';
import type { BatchRunDependencies } from './batch-runner-dependencies';
import { runBatch } from './run-batch';

export interface BatchRunnerOptions {
  dependencies: Omit<BatchRunDependencies, 'signal'> & { leases: BatchLeases };
  consumer: BatchResultConsumer;
  /** Batches this process runs at once. */
  concurrency: number;
  /** How often an idle runner looks for work. */
  claimEveryMs: number;
  /** How often a held lease is renewed (well inside its length). */
  renewEveryMs: number;
  /** How often abandoned uploads are looked for, and how old an unfinished one must be to count as abandoned. */
  abandonedUploads: { sweepEveryMs: number; ageMs: number };
  onError(error: unknown, batchId?: string): void;
}

/**
 * One process's share of batch work: stores the line results that workers report (through a consumer group shared
 * by every runner), runs the batches whose leases it claims and removes uploads abandoned by a process that died
 * while writing them. Any number of runners may run side by side.
 */
export class BatchRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: BatchRunnerOptions) {}

  async start(): Promise<void> {
    await this.options.consumer.start();
    this.schedule(0);
    this.sweeper = setInterval(() => void this.sweepAbandonedUploads(), this.options.abandonedUploads.sweepEveryMs);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    clearInterval(this.sweeper);
    await this.options.consumer.stop();
    await Promise.allSettled(this.running.values());
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => void this.claim(), delayMs);
  }

  private async claim(): Promise<void> {
    let claimedOne = false;
    try {
      if (this.running.size < this.options.concurrency) {
        const row = await this.options.dependencies.leases.claim([...this.running.keys()]);
        if (row && !this.stopping.signal.aborted) {
          claimedOne = true;
          this.running.set(row.id, this.run(row));
        }
      }
    } catch (error) {
      this.options.onError(error);
    }
    this.schedule(claimedOne ? 0 : this.options.claimEveryMs);
  }

  private async sweepAbandonedUploads(): Promise<void> {
    const { files, now } = this.options.dependencies;
    await files
      .removeAbandonedUploads(new Date(now() - this.options.abandonedUploads.ageMs))
      .catch((error: unknown) => this.options.onError(error));
  }

  private async run(row: BatchRow): Promise<void> {
    const { leases } = this.options.dependencies;
    const renewal = setInterval(() => {
      leases.renew(row.id).catch((error: unknown) => this.options.onError(error, row.id));
    }, this.options.renewEveryMs);
    try {
      await runBatch(row, { ...this.options.dependencies, signal: this.stopping.signal });
    } catch (error) {
      this.options.onError(error, row.id);
    } finally {
      clearInterval(renewal);
      await leases.release(row.id).catch((error: unknown) => this.options.onError(error, row.id));
      this.running.delete(row.id);
    }
  }
}
