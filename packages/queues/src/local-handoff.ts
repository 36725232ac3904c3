import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import type { HandoffSlots } from './handoff-slots';
import type { ProviderJob } from './provider-job';
import type { ProviderQueues } from './provider-queues';
import { JOB_PRIORITY } from './queue-catalog';
import type { RedisClient } from './redis-client';
import { TurnBatchedPost } from './turn-batched-post';

/**
 * The sync hand-off inside one process (docs/sync-handoff.md): the ingress gives a sync job straight to the worker of
 * its own process over `port` when `slots` says the job's first account has a free slot there, instead of adding it to
 * BullMQ. The composition root hands each side one end of the channel and the same slots.
 */
export interface LocalHandoffLink {
  port: MessagePort;
  slots: HandoffSlots;
}

/**
 * Ingress → worker: sync jobs to run now, each as it would have been added to its first target's queue. Each is a
 * ProviderJob as the ingress of this process built it — from a request it validated, typed ProviderJob throughout — so
 * the worker runs it as it came: the channel between two threads of one process is no boundary (docs/sync-handoff.md).
 */
export const HandoffRunSchema = z.object({ type: z.literal('run'), jobs: z.array(z.unknown()) });

/** Worker → ingress: the jobs of these requests left the worker (answered, failed, or put in a queue). */
export const HandoffDoneSchema = z.object({ type: z.literal('done'), requestIds: z.array(z.string()) });

export interface LocalHandoffOptions {
  link: LocalHandoffLink;
  /** Where the jobs in flight go when the worker's end closes (its thread died). */
  queues: ProviderQueues;
  /**
   * The ingress's command connection: while it is not ready nothing is handed off, so a request meets Redis's outage
   * as a queued one would (a 503 at once) rather than being answered with no completion event or queue to fall back on.
   */
  redis: RedisClient;
  onRequeueFailed: (requestId: string, error: unknown) => void;
}

/**
 * The ingress's end of the hand-off. It keeps each job it handed off until the worker says it left, so when the
 * worker's thread dies every one of them is added to BullMQ, where any worker runs it: an accepted job is never lost.
 */
export class LocalHandoff {
  private readonly inFlight = new Map<string, ProviderJob>();
  private readonly runs: TurnBatchedPost<ProviderJob>;
  private closed = false;

  constructor(private readonly options: LocalHandoffOptions) {
    this.runs = new TurnBatchedPost((jobs) => options.link.port.postMessage({ type: 'run', jobs }));
    options.link.port.on('message', this.onMessage);
    options.link.port.once('close', this.onClose);
  }

  /**
   * Hands the job to the local worker when its first target's account has a free slot there and Redis is reachable;
   * false otherwise. The jobs handed off in one event loop's turn while hand-offs are frequent go in one post.
   */
  offer(job: ProviderJob): boolean {
    const target = job.plan[job.step];
    if (this.closed || !target || this.options.redis.status !== 'ready') return false;
    if (!this.options.link.slots.take(target.provider)) return false;
    const queued = { ...job, priority: JOB_PRIORITY.sync };
    this.inFlight.set(job.requestId, queued);
    this.runs.add(queued);
    return true;
  }

  /** Stops handing off and closes this end; jobs in flight finish on the worker. */
  close(): void {
    this.closed = true;
    this.runs.flush();
    this.options.link.port.off('close', this.onClose);
    this.options.link.port.off('message', this.onMessage);
    this.options.link.port.close();
  }

  private readonly onMessage = (data: unknown) => {
    const done = HandoffDoneSchema.safeParse(data);
    if (done.success) for (const requestId of done.data.requestIds) this.inFlight.delete(requestId);
  };

  private readonly onClose = () => {
    this.closed = true;
    const orphans = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const job of orphans) {
      this.options.queues
        .enqueue(job, JOB_PRIORITY.sync)
        .catch((error: unknown) => this.options.onRequeueFailed(job.requestId, error));
    }
  };
}
