import type { RedisClient } from '@sluice/queues';

export const INVALIDATION_TOPICS = ['configs', 'prompts', 'virtual-keys', 'provider-keys'] as const;
export type InvalidationTopic = (typeof INVALIDATION_TOPICS)[number];

export interface InvalidationBusOptions {
  /** A command connection, for publishing. */
  publisher: RedisClient;
  /** A connection of its own: a subscribed connection can do nothing else. */
  subscriber: RedisClient;
  channel: string;
  onError(error: unknown, topic: InvalidationTopic): void;
}

type Refresh = () => Promise<void>;

/**
 * Tells every process that stored governance data changed, over Redis pub/sub. Each process refreshes what it
 * caches when told, and refreshes everything after a reconnect, since messages sent while it was away are lost.
 */
export class InvalidationBus {
  private readonly handlers = new Map<InvalidationTopic, Refresh[]>();
  private subscribedOnce = false;

  constructor(private readonly options: InvalidationBusOptions) {}

  on(topic: InvalidationTopic, refresh: Refresh): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), refresh]);
  }

  async start(): Promise<void> {
    const { subscriber, channel } = this.options;
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const topic = INVALIDATION_TOPICS.find((name) => name === message);
      if (topic) this.refresh(topic);
    });
    subscriber.on('ready', () => {
      if (!this.subscribedOnce) return;
      for (const topic of INVALIDATION_TOPICS) this.refresh(topic);
    });
    await subscriber.subscribe(channel);
    this.subscribedOnce = true;
  }

  /** Announces a change to every process, this one included. */
  async publish(topic: InvalidationTopic): Promise<void> {
    await this.options.publisher.publish(this.options.channel, topic);
  }

  async stop(): Promise<void> {
    this.options.subscriber.disconnect();
  }

  private refresh(topic: InvalidationTopic): void {
    for (const refresh of this.handlers.get(topic) ?? []) {
      refresh().catch((error: unknown) => this.options.onError(error, topic));
    }
  }
}
