import type { RedisClient } from '@sluice/queues';
import type { Worker } from 'bullmq';

type PauseListener = (providerId: string, pauseMs: number) => void;

/**
 * Pauses a provider account after a provider 429: BullMQ's limiter on its queue holds every worker process's pickups,
 * and an announcement on a channel tells every process's sync hand-off (docs/sync-handoff.md), which never passes
 * through that limiter, to send the account's jobs to the queue until the pause ends.
 */
export class AccountPauses {
  private readonly listeners = new Set<PauseListener>();

  constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', this.onMessage);
    await this.subscriber.subscribe(this.channel);
  }

  /** Stops listening; the subscriber connection is the caller's to close. */
  stop(): void {
    this.subscriber.off('message', this.onMessage);
  }

  /** Hears every pause of any account, this process's at once and other processes' as they are announced. */
  listen(listener: PauseListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pauses the account served by `worker` for `pauseMs`, in every process. */
  async pause(worker: Worker, providerId: string, pauseMs: number): Promise<void> {
    this.heard(providerId, pauseMs);
    await worker.rateLimit(pauseMs);
    await this.redis.publish(this.channel, `${pauseMs} ${providerId}`);
  }

  private readonly onMessage = (channel: string, message: string) => {
    if (channel !== this.channel) return;
    const space = message.indexOf(' ');
    const pauseMs = Number(message.slice(0, space));
    if (space > 0 && Number.isFinite(pauseMs)) this.heard(message.slice(space + 1), pauseMs);
  };

  private heard(providerId: string, pauseMs: number): void {
    for (const listener of this.listeners) listener(providerId, pauseMs);
  }
}
