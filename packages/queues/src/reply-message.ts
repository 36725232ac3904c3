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
  /** One OpenAI chunk, as JSON text. */
  | { kind: 'chunk-received'; data: string }
  | { kind: 'stream-ended' }
  /** The request failed; for a stream after `stream-started` it ends the stream with an error event. */
  | { kind: 'failed'; error: WireError; attempts: Attempt[] };

export type ReplyKind = ReplyMessage['kind'];

export function encodeReply(message: ReplyMessage): string {
  return JSON.stringify(message);
}

export function decodeReply(text: string): ReplyMessage {
  return JSON.parse(text) as ReplyMessage;
}
