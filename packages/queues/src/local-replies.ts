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
 * How long the port must have carried nothing for a stream's chunks to go at once: a pace of reads that never share
 * an event loop's turn (a few streams, a token every 20 ms or so), rather than of many streams at once.
 */
const QUIET_MS = 1;

/**
 * The worker's end of the channel. One post carries the messages of several appends, in order, each as the fields of a
 * reply-stream entry. While posts are frequent, chunks of a stream already under way wait for the end of the event
 * loop's turn, so that the reads of every stream that turn served go in one post (one thread wake for the ingress, not
 * one per read); after QUIET_MS without a post they go at once, having no company to wait for. Anything else — a
 * stream's start with its first chunks, its end, a result, a failure — is posted at once, after what waits.
 */
export class LocalReplyPoster {
  private pending: string[][] = [];
  private scheduled = false;
  private postedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly port: MessagePort,
    private readonly now: () => number = () => performance.now(),
  ) {}

  post(requestId: string, messages: readonly ReplyMessage[]): void {
    for (const message of messages) this.pending.push(replyFields(requestId, message));
    const chunksOnly = messages.every((message) => message.kind === 'chunks-received');
    if (chunksOnly && (this.scheduled || this.now() - this.postedAt < QUIET_MS)) {
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
    this.postedAt = this.now();
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
