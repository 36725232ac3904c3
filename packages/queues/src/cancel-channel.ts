import type { RedisClient } from './redis-client';

/** Tells every worker process to abort the upstream call of a request (client gone, job cancelled). */
export class CancelPublisher {
  constructor(
    private readonly redis: RedisClient,
    private readonly channel: string,
  ) {}

  async cancel(requestId: string): Promise<void> {
    await this.redis.publish(this.channel, requestId);
  }
}

/** What a worker registers for a request it runs: an AbortController, or a job's own cancellation. */
export interface Cancellable {
  abort(reason: unknown): void;
}

/** Worker side: aborts what is registered for a cancelled request, if this process runs it. */
export class CancelListener {
  private readonly running = new Map<string, Cancellable>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly channel: string,
  ) {}

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, requestId: string) => {
      if (channel === this.channel) this.running.get(requestId)?.abort(new RequestCancelledError());
    });
    await this.subscriber.subscribe(this.channel);
  }

  register(requestId: string, cancellable: Cancellable): () => void {
    this.running.set(requestId, cancellable);
    return () => {
      if (this.running.get(requestId) === cancellable) this.running.delete(requestId);
    };
  }

  async stop(): Promise<void> {
    this.subscriber.disconnect();
  }
}

/** The abort reason of a cancelled request. */
export class RequestCancelledError extends Error {
  constructor() {
    super('the request was cancelled');
    this.name = 'RequestCancelledError';
  }
}
