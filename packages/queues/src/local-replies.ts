import type { MessagePort } from 'node:worker_threads';
import { type ReplyMessage, readReplyFields, replyFields } from './reply-message';

/**
 * The reply channel inside one process: the ingress and the workers of the same process share a MessageChannel, and
 * a worker's messages for that ingress go over it instead of through the ingress's Redis reply stream (one thread wake
 * instead of an XADD, Redis and the ingress's XREAD). `streamKey` is that ingress's reply stream: a job whose `replyTo`
 * is that stream is answered over `port`; any other job (its ingress is another process) through Redis as before.
 * The composition root hands each side one end of the channel and the same key (README.md, "Reply channel").
 */
export interface LocalReplyLink {
  streamKey: string;
  port: MessagePort;
}

/**
 * The worker's end of the channel. One post carries the messages of several appends, in order, each as the fields of a
 * reply-stream entry. Chunks of a stream already under way wait for the end of the event loop's turn, so that the
 * reads of every stream that turn served go in one post (one thread wake for the ingress, not one per read); anything
 * else — a stream's start with its first chunks, its end, a result, a failure — is posted at once, after what waits.
 */
export class LocalReplyPoster {
  private pending: string[][] = [];
  private scheduled = false;

  constructor(private readonly port: MessagePort) {}

  post(requestId: string, messages: readonly ReplyMessage[]): void {
    for (const message of messages) this.pending.push(replyFields(requestId, message));
    if (messages.every((message) => message.kind === 'chunks-received')) {
      if (!this.scheduled) setImmediate(this.flush);
      this.scheduled = true;
      return;
    }
    this.flush();
  }

  private readonly flush = () => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    this.port.postMessage(entries);
  };
}

/** The replies of one post, in order; a post that is not one (or an entry that is no reply message) is skipped. */
export function readLocalReplies(data: unknown): { requestId: string; message: ReplyMessage }[] {
  if (!Array.isArray(data)) return [];
  const replies: { requestId: string; message: ReplyMessage }[] = [];
  for (const fields of data) {
    if (!isStrings(fields)) continue;
    const reply = readReplyFields(fields);
    if (reply) replies.push(reply);
  }
  return replies;
}

function isStrings(fields: unknown): fields is string[] {
  if (!Array.isArray(fields)) return false;
  for (const field of fields) if (typeof field !== 'string') return false;
  return true;
}
