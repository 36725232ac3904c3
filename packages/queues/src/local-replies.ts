import type { MessagePort } from 'node:worker_threads';
import { type ReplyMessage, readReplyFields, replyFields, validReply } from './reply-message';
import { TurnBatchedPost } from './turn-batched-post';

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
 * A reply as posted on the channel: the fields of a reply-stream entry (replyFields), but a message other than chunks
 * as the object itself where the stream has its JSON text — the structured clone carries it, so no text is made and
 * parsed again (a two-message answer's result 5.4–8.7 → 3.3–4.6 µs from post to validated message, in process;
 * BENCHMARKS.md, "the request's path outside PGlite"). Chunks keep their flat strings, which clone cheaper.
 */
type LocalReplyEntry = string[] | ['r', string, 'm', ReplyMessage];

function localReplyEntry(requestId: string, message: ReplyMessage): LocalReplyEntry {
  return message.kind === 'chunks-received' ? replyFields(requestId, message) : ['r', requestId, 'm', message];
}

/**
 * The worker's end of the channel. One post carries the messages of several appends, in order, each a LocalReplyEntry:
 * while posts are frequent, what the event loop's turn appended goes in one post at its end (one thread wake for the
 * ingress, not one per answer or read); after a quiet spell a message goes at once (TurnBatchedPost).
 */
export class LocalReplyPoster {
  private readonly batch: TurnBatchedPost<LocalReplyEntry>;

  constructor(port: MessagePort, now?: () => number) {
    this.batch = new TurnBatchedPost((entries) => port.postMessage(entries), now);
  }

  post(requestId: string, messages: readonly ReplyMessage[]): void {
    this.batch.add(...messages.map((message) => localReplyEntry(requestId, message)));
  }
}

/**
 * The replies of one post, in order, each message validated on receipt; a post that is not one (or an entry that is
 * no reply message) is skipped.
 */
export function readLocalReplies(data: unknown): { requestId: string; message: ReplyMessage }[] {
  if (!Array.isArray(data)) return [];
  const replies: { requestId: string; message: ReplyMessage }[] = [];
  for (const fields of data) {
    const reply = readLocalReplyEntry(fields);
    if (reply) replies.push(reply);
  }
  return replies;
}

function readLocalReplyEntry(fields: unknown): { requestId: string; message: ReplyMessage } | undefined {
  if (!Array.isArray(fields)) return undefined;
  const [, requestId, kind, message] = fields as unknown[];
  if (kind === 'm' && fields.length === 4 && typeof requestId === 'string' && requestId !== '')
    return validReply(requestId, message);
  return isStrings(fields) ? readReplyFields(fields) : undefined;
}

function isStrings(fields: unknown): fields is string[] {
  if (!Array.isArray(fields)) return false;
  for (const field of fields) if (typeof field !== 'string') return false;
  return true;
}
