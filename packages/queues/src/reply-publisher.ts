import { type LocalReplyLink, LocalReplyPoster } from './local-replies';
import type { RedisClient } from './redis-client';
import { type ReplyMessage, replyFields } from './reply-message';

const STREAM_MAX_LENGTH = '200000';

/** XADD's arguments after the key: NOMKSTREAM, trimmed, an automatic id, the message's fields. */
function appendArguments(requestId: string, message: ReplyMessage): string[] {
  return ['NOMKSTREAM', 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', ...replyFields(requestId, message)];
}

/**
 * Worker side of the reply channel: appends a message to the waiting ingress instance's stream.
 * NOMKSTREAM: when that instance is gone (its stream expired) the message is dropped, not stored.
 * With `local`, messages for the ingress of this worker's own process are posted on its port instead.
 */
export class ReplyPublisher {
  private readonly poster: LocalReplyPoster | undefined;

  constructor(
    private readonly redis: RedisClient,
    private readonly local?: LocalReplyLink,
  ) {
    this.poster = local ? new LocalReplyPoster(local.port) : undefined;
  }

  /** Appends the messages in order; several go in one MULTI (or one post), so they arrive together or not at all. */
  async send(replyTo: string, requestId: string, ...messages: [ReplyMessage, ...ReplyMessage[]]): Promise<void> {
    if (this.poster && this.local?.streamKey === replyTo) {
      this.poster.post(requestId, messages);
      return;
    }
    const [first, ...rest] = messages;
    if (rest.length === 0) {
      await this.redis.xadd(replyTo, ...appendArguments(requestId, first));
      return;
    }
    const transaction = this.redis.multi();
    for (const message of messages) transaction.xadd(replyTo, ...appendArguments(requestId, message));
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }
}
