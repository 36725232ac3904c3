import type { RedisClient } from './redis-client';
import { type ReplyMessage, replyFields } from './reply-message';

const STREAM_MAX_LENGTH = '200000';

/**
 * Worker side of the reply channel: appends a message to the waiting ingress instance's stream.
 * NOMKSTREAM: when that instance is gone (its stream expired) the message is dropped, not stored.
 */
export class ReplyPublisher {
  constructor(private readonly redis: RedisClient) {}

  async send(replyTo: string, requestId: string, message: ReplyMessage): Promise<void> {
    await this.redis.xadd(
      replyTo,
      'NOMKSTREAM',
      'MAXLEN',
      '~',
      STREAM_MAX_LENGTH,
      '*',
      ...replyFields(requestId, message),
    );
  }
}
