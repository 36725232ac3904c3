import {
  HandoffRunSchema,
  JOB_PRIORITY,
  type LocalHandoffLink,
  type ProviderJob,
  TurnBatchedPost,
} from '@sluice/queues';
import type { Worker } from 'bullmq';
import type { AccountPauses } from './account-pauses';
import { pauseMsOf, putBackData, runReceivedJob } from './process-provider-job';
import type { JobRunnerDependencies } from './run-provider-job';

/** One account this worker serves: its BullMQ worker and the concurrency it was started with. */
export interface ServedAccount {
  worker: Worker;
  concurrency: number;
  /** The account has a global concurrency limit (BullMQ's, across processes): its jobs always go through the queue. */
  globallyLimited: boolean;
}

export interface HandoffRunnerOptions {
  link: LocalHandoffLink;
  accounts: ReadonlyMap<string, ServedAccount>;
  dependencies: JobRunnerDependencies;
  pauses: AccountPauses;
}

/**
 * The worker's end of the sync hand-off (docs/sync-handoff.md): runs the jobs the ingress of this process hands it as
 * its BullMQ workers run theirs (runReceivedJob), in the same slots. While handed-off jobs run, the account's BullMQ
 * worker takes that many fewer jobs from its queue; one slot always stays for the queue, whose worker waits on it.
 * A deferral (provider 429, pacing) puts the job in its queue and pauses the account, as a queued job's would.
 */
export class HandoffRunner {
  private readonly running = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly reopenTimers = new Map<string, NodeJS.Timeout>();
  /** The requests whose jobs left this worker, told to the ingress in batches (one post per busy turn). */
  private readonly done: TurnBatchedPost<string>;
  private readonly stopListening: () => void;
  private stopping = false;

  constructor(private readonly options: HandoffRunnerOptions) {
    this.done = new TurnBatchedPost((requestIds) => options.link.port.postMessage({ type: 'done', requestIds }));
    this.stopListening = options.pauses.listen(this.onPaused);
    options.link.port.on('message', this.onMessage);
    for (const providerId of options.accounts.keys()) this.reopen(providerId);
  }

  /** Takes no more hand-offs and waits for the ones running; the caller bounds the wait. */
  async drain(): Promise<void> {
    this.stopping = true;
    for (const providerId of this.options.accounts.keys()) this.options.link.slots.setOpen(providerId, false);
    for (const timer of this.reopenTimers.values()) clearTimeout(timer);
    this.stopListening();
    await Promise.all(this.inFlight);
  }

  /** Closes the worker's end (after `drain`). */
  close(): void {
    this.done.flush();
    this.options.link.port.off('message', this.onMessage);
    this.options.link.port.close();
  }

  private readonly onMessage = (data: unknown) => {
    const message = HandoffRunSchema.safeParse(data);
    if (!message.success) return;
    // Each a ProviderJob as the ingress of this process built it (HandoffRunSchema): run as it came, not re-validated.
    for (const job of message.data.jobs as ProviderJob[]) {
      const run = this.run(job).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  };

  private async run(job: ProviderJob): Promise<void> {
    const providerId = job.plan[job.step]?.provider ?? '';
    const { requestId } = job;
    const account = this.options.accounts.get(providerId);
    this.setRunning(providerId, 1);
    try {
      const deferred = await runReceivedJob(job, undefined, providerId, this.options.dependencies);
      if (deferred) {
        // Put back delayed by the pause, which also holds the account's queue in every process (account-pauses.ts).
        const pauseMs = pauseMsOf(deferred);
        if (account) await this.options.pauses.pause(account.worker, providerId, pauseMs);
        await this.options.dependencies.queues.enqueue(putBackData(deferred), JOB_PRIORITY.sync, { delayMs: pauseMs });
      }
    } catch (error) {
      this.options.dependencies.logger.error({ err: error, requestId, provider: providerId }, 'handed-off job failed');
    } finally {
      this.setRunning(providerId, -1);
      this.options.link.slots.release(providerId);
      this.done.add(requestId);
    }
  }

  /** Counts a handed-off job in or out, and gives the account's BullMQ worker the slots left. */
  private setRunning(providerId: string, change: 1 | -1): void {
    const running = (this.running.get(providerId) ?? 0) + change;
    this.running.set(providerId, running);
    const account = this.options.accounts.get(providerId);
    if (account) account.worker.concurrency = Math.max(1, account.concurrency - running);
  }

  private readonly onPaused = (providerId: string, pauseMs: number) => {
    if (this.stopping || !this.options.accounts.has(providerId)) return;
    this.options.link.slots.setOpen(providerId, false);
    clearTimeout(this.reopenTimers.get(providerId));
    this.reopenTimers.set(providerId, setTimeout(() => this.reopen(providerId), pauseMs).unref());
  };

  private reopen(providerId: string): void {
    this.reopenTimers.delete(providerId);
    const account = this.options.accounts.get(providerId);
    if (this.stopping || !account || account.globallyLimited || account.concurrency < 2) return;
    this.options.link.slots.setOpen(providerId, true, account.concurrency - 1);
  }
}
