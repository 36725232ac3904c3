import type { WireError } from '@sluice/errors';
import { z } from 'zod';
import { AttemptSchema } from './provider-job';

/** A SluiceError as it crosses the reply stream (`@sluice/errors` toWireError / fromWireError). */
const WireErrorSchema = z.object({
  message: z.string(),
  code: z.string(),
  status: z.number().int(),
  type: z.string(),
  param: z.string().nullable(),
  retryable: z.boolean(),
  retryAfterMs: z.number().optional(),
  kind: z.enum(['status', 'timeout', 'network']).optional(),
}) satisfies z.ZodType<WireError>;

/** What a worker tells the waiting ingress instance, in order, for one request; validated on receipt. */
export const ReplyMessageSchema = z.discriminatedUnion('kind', [
  /**
   * A complete non-streamed answer; `body` is the OpenAI-format JSON text, relayed unchanged — or, with `native`,
   * the provider's own answer to a request forwarded as it came, for the client as it is. `contentType`: a media
   * answer (a transcript as text, SRT or VTT; images JSON), sent as it is with this content type.
   */
  z.object({
    kind: z.literal('result'),
    body: z.string(),
    provider: z.string(),
    model: z.string(),
    attempts: z.array(AttemptSchema),
    native: z.literal(true).optional(),
    contentType: z.string().optional(),
  }),
  /**
   * A stream has begun upstream; chunks follow (with `native`, each is one SSE event's text as the provider sent it;
   * with `contentType`, each is a base64 piece of a binary body of that type, such as speech audio).
   */
  z.object({
    kind: z.literal('stream-started'),
    provider: z.string(),
    model: z.string(),
    attempts: z.array(AttemptSchema),
    native: z.literal(true).optional(),
    contentType: z.string().optional(),
  }),
  /**
   * OpenAI chunks as JSON text (with `native`, SSE text as the provider sent it; with a `contentType`, base64 pieces),
   * as many as one read of the provider's stream completed. Sent as fields of their own, never JSON inside JSON.
   */
  z.object({ kind: z.literal('chunks-received'), data: z.array(z.string()).readonly() }),
  z.object({ kind: z.literal('stream-ended') }),
  /** The request failed; for a stream after `stream-started` it ends the stream with an error event. */
  z.object({ kind: z.literal('failed'), error: WireErrorSchema, attempts: z.array(AttemptSchema) }),
]);
export type ReplyMessage = z.infer<typeof ReplyMessageSchema>;

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

/**
 * The request id and message of a reply-stream entry; undefined for an entry that carries none (a keep-alive) or one
 * that is not a reply message (it is skipped; the entries after it are read as usual).
 */
export function readReplyFields(fields: readonly string[]): { requestId: string; message: ReplyMessage } | undefined {
  const requestId = fields[1];
  if (!requestId || fields.length < 4) return undefined;
  if (fields[2] === 'c') {
    const data: string[] = [];
    for (let index = 3; index < fields.length; index += 2) data.push(fields[index] as string);
    return { requestId, message: { kind: 'chunks-received', data } };
  }
  const encoded = fields[3];
  if (!encoded) return undefined;
  return validReply(requestId, parseJson(encoded));
}

/** The reply of a message other than chunks, validated; undefined when it is not a reply message. */
export function validReply(
  requestId: string,
  message: unknown,
): { requestId: string; message: ReplyMessage } | undefined {
  const parsed = ReplyMessageSchema.safeParse(message);
  return parsed.success ? { requestId, message: parsed.data } : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
