import type { MessagePort } from 'node:worker_threads';
import { readLocalReplies } from './local-replies';
import type { RedisClient } from './redis-client';
import { ReplyInbox } from './reply-inbox';
import { readReplyFields } from './reply-message';

const STREAM_TTL_MS = 60_000;
const KEEPALIVE_MS = 10_000;
const BLOCK_MS = 1_000;
const BATCH = 1_000;

export interface ReplyListenerOptions {
  /** A connection of its own: the listener blocks on it. */
  blockingRedis: RedisClient;
  /** A shared connection for the keep-alive writes. */
  redis: RedisClient;
  streamKey: string;
  /** The port the workers of this process reply on (LocalReplyLink); closed by `stop`. */
  local?: MessagePort;
  onError?: (error: unknown) => void;
}

/**
 * Ingress side of the reply channel: one Redis stream per ingress instance, read by one blocking loop that
 * hands each message to the inbox of its request. The last id read is kept, so a reconnect replays what it missed.
 * Workers of the same process reply over `local` instead; both sources feed the same inboxes.
 */
export class ReplyListener {
  private readonly inboxes = new Map<string, ReplyInbox>();
  private lastId = '0-0';
  private running = false;
  private loop: Promise<void> | undefined;
  private keepalive: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplyListenerOptions) {}

  get streamKey(): string {
    return this.options.streamKey;
  }

  async start(): Promise<void> {
    // After a Redis restart the stream is gone; workers only append to an existing one (NOMKSTREAM), so recreate it.
    this.options.redis.on('ready', this.onReconnect);
    await this.touch();
    const newest = await this.options.redis.xrevrange(this.streamKey, '+', '-', 'COUNT', 1);
    this.lastId = newest[0]?.[0] ?? '0-0';
    this.running = true;
    this.keepalive = setInterval(() => void this.touch().catch((error) => this.options.onError?.(error)), KEEPALIVE_MS);
    this.keepalive.unref();
    this.loop = this.readLoop();
    this.options.local?.on('message', this.onLocalReplies);
  }

  /** Opens the inbox for a request; call it before the job is enqueued so no reply can be missed. */
  expect(requestId: string): ReplyInbox {
    const inbox = new ReplyInbox(() => this.inboxes.delete(requestId));
    this.inboxes.set(requestId, inbox);
    return inbox;
  }

  get waiting(): number {
    return this.inboxes.size;
  }

  private readonly onLocalReplies = (data: unknown) => {
    for (const reply of readLocalReplies(data)) this.inboxes.get(reply.requestId)?.push(reply.message);
  };

  private readonly onReconnect = () => {
    void this.touch().catch((error) => this.options.onError?.(error));
  };

  async stop(): Promise<void> {
    this.running = false;
    this.options.redis.off('ready', this.onReconnect);
    if (this.keepalive) clearInterval(this.keepalive);
    this.options.local?.off('message', this.onLocalReplies);
    this.options.local?.close();
    this.options.blockingRedis.disconnect();
    await this.loop;
    for (const inbox of this.inboxes.values()) inbox.close();
  }

  private async touch(): Promise<void> {
    await this.options.redis
      .multi()
      .xadd(this.streamKey, 'MAXLEN', '~', '200000', '*', 'r', '', 'm', '')
      .pexpire(this.streamKey, STREAM_TTL_MS)
      .exec();
  }

  private async readLoop(): Promise<void> {
    while (this.running) {
      try {
        const result = await this.options.blockingRedis.xread(
          'COUNT',
          BATCH,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          this.streamKey,
          this.lastId,
        );
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.dispatch(fields);
          }
        }
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private dispatch(fields: string[]): void {
    const reply = readReplyFields(fields);
    if (reply) this.inboxes.get(reply.requestId)?.push(reply.message);
  }
}
