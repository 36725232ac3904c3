import type { CompletionEventInput } from './completion-event';
import type { RedisClient } from './redis-client';
import { isRedisUnavailable } from './redis-unavailable';

export interface OutageBufferOptions {
  /** Where events go when Redis is up. */
  publisher: { publish(event: CompletionEventInput): Promise<void> };
  /** The connection whose `ready` event says Redis is back. */
  redis: RedisClient;
  /** Most events kept while Redis is down; the oldest go first beyond it. */
  maxEvents?: number;
  /** Most bytes (of event JSON) kept while Redis is down. */
  maxBytes?: number;
  /** Told, once Redis is back, how many events were dropped because the buffer was full. */
  onDropped?: (count: number) => void;
  /** Told of a buffered event that Redis refused for a reason other than being down (it is dropped). */
  onError?: (error: unknown) => void;
}

const DEFAULT_MAX_EVENTS = 10_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Publishes completion events; one that fails because Redis is unreachable is kept in memory (bounded) and
 * published, in order, once Redis is back — so the requests refused during an outage reach the request log.
 */
export class OutageBufferedEventPublisher {
  private readonly kept: { event: CompletionEventInput; bytes: number }[] = [];
  private keptBytes = 0;
  private dropped = 0;
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: OutageBufferOptions) {
    options.redis.on('ready', this.onReady);
  }

  /** Events kept and not yet published. */
  get pending(): number {
    return this.kept.length;
  }

  async publish(event: CompletionEventInput): Promise<void> {
    if (this.kept.length > 0) {
      this.keep(event);
      if (this.options.redis.status === 'ready') this.onReady();
      return;
    }
    try {
      await this.options.publisher.publish(event);
    } catch (error) {
      if (!isRedisUnavailable(error)) throw error;
      this.keep(event);
    }
  }

  /** Stops listening for reconnects; events still kept are dropped. */
  close(): void {
    this.options.redis.off('ready', this.onReady);
  }

  private readonly onReady = () => {
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  };

  private keep(event: CompletionEventInput): void {
    const bytes = JSON.stringify(event).length;
    this.kept.push({ event, bytes });
    this.keptBytes += bytes;
    const maxEvents = this.options.maxEvents ?? DEFAULT_MAX_EVENTS;
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    while (this.kept.length > maxEvents || (this.keptBytes > maxBytes && this.kept.length > 1)) {
      const oldest = this.kept.shift();
      this.keptBytes -= oldest?.bytes ?? 0;
      this.dropped += 1;
    }
  }

  private async flush(): Promise<void> {
    if (this.dropped > 0) {
      this.options.onDropped?.(this.dropped);
      this.dropped = 0;
    }
    for (let next = this.kept[0]; next !== undefined; next = this.kept[0]) {
      try {
        await this.options.publisher.publish(next.event);
      } catch (error) {
        if (isRedisUnavailable(error)) return;
        this.options.onError?.(error);
      }
      this.kept.shift();
      this.keptBytes -= next.bytes;
    }
  }
}
