import type { WireError } from '@sluice/errors';
import type { Attempt } from './provider-job';

/** What a worker tells the waiting ingress instance, in order, for one request. */
export type ReplyMessage =
  /**
   * A complete non-streamed answer; `body` is the OpenAI-format JSON text, relayed unchanged — or, with `native`,
   * the provider's own answer to a request forwarded as it came, for the client as it is.
   */
  | {
      kind: 'result';
      body: string;
      provider: string;
      model: string;
      attempts: Attempt[];
      native?: true;
      /** A media answer (a transcript as text, SRT or VTT; images JSON): sent as it is, with this content type. */
      contentType?: string;
    }
  /**
   * A stream has begun upstream; chunks follow (with `native`, each is one SSE event's text as the provider sent it;
   * with `contentType`, each is a base64 piece of a binary body of that type, such as speech audio).
   */
  | {
      kind: 'stream-started';
      provider: string;
      model: string;
      attempts: Attempt[];
      native?: true;
      contentType?: string;
    }
  /**
   * OpenAI chunks as JSON text (with `native`, SSE text as the provider sent it; with a `contentType`, base64 pieces),
   * as many as one read of the provider's stream completed. Sent as fields of their own, never JSON inside JSON.
   */
  | { kind: 'chunks-received'; data: readonly string[] }
  | { kind: 'stream-ended' }
  /** The request failed; for a stream after `stream-started` it ends the stream with an error event. */
  | { kind: 'failed'; error: WireError; attempts: Attempt[] };

export type ReplyKind = ReplyMessage['kind'];

/**
 * A reply as the fields of one reply-stream entry: `r` the request id, then `m` the message as JSON — or, for
 * chunks, one `c` field per chunk, its text as it is.
 */
export function replyFields(requestId: string, message: ReplyMessage): string[] {
  if (message.kind !== 'chunks-received') return ['r', requestId, 'm', JSON.stringify(message)];
  const fields = ['r', requestId];
  for (const chunk of message.data) fields.push('c', chunk);
  return fields;
}

/** The request id and message of a reply-stream entry; undefined for an entry that carries none (a keep-alive). */
export function readReplyFields(fields: readonly string[]): { requestId: string; message: ReplyMessage } | undefined {
  const requestId = fields[1];
  if (!requestId || fields.length < 4) return undefined;
  if (fields[2] === 'c') {
    const data: string[] = [];
    for (let index = 3; index < fields.length; index += 2) data.push(fields[index] as string);
    return { requestId, message: { kind: 'chunks-received', data } };
  }
  const encoded = fields[3];
  return encoded ? { requestId, message: JSON.parse(encoded) as ReplyMessage } : undefined;
}
