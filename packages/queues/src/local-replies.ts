import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
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

/** One post: the messages of one append, in order, each as the fields of a reply-stream entry. */
const LocalReplyPostSchema = z.array(z.array(z.string()));

/** Posts the messages together, as one reply-stream append would carry them. */
export function postLocalReplies(port: MessagePort, requestId: string, messages: readonly ReplyMessage[]): void {
  port.postMessage(messages.map((message) => replyFields(requestId, message)));
}

/** The replies of one post, in order; a post that is not one (or an entry that is no reply message) is skipped. */
export function readLocalReplies(data: unknown): { requestId: string; message: ReplyMessage }[] {
  const entries = LocalReplyPostSchema.safeParse(data);
  if (!entries.success) return [];
  const replies: { requestId: string; message: ReplyMessage }[] = [];
  for (const fields of entries.data) {
    const reply = readReplyFields(fields);
    if (reply) replies.push(reply);
  }
  return replies;
}
