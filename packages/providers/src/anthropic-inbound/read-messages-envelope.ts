import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { z } from 'zod';

/**
 * What Sluice itself reads of a `/v1/messages` body that it forwards to an Anthropic account as it came
 * (docs/anthropic-messages.md): the model, `max_tokens`, the messages' presence and `stream`. Every other field,
 * role and block type is the upstream's to judge.
 */
export const AnthropicMessagesEnvelopeSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(z.unknown()).min(1),
  stream: z.boolean().optional(),
});
export type AnthropicMessagesEnvelope = z.infer<typeof AnthropicMessagesEnvelopeSchema>;

/** A `/v1/messages/count_tokens` body: as a message request, without `max_tokens` or `stream`. */
export const AnthropicCountTokensEnvelopeSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.unknown()).min(1),
});
export type AnthropicCountTokensEnvelope = z.infer<typeof AnthropicCountTokensEnvelopeSchema>;

function readWith<T>(schema: z.ZodType<T>, body: unknown, subject: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw InvalidRequestError.fromProblems(subject, zodProblems(parsed.error.issues));
  return parsed.data;
}

/** The envelope of a `/v1/messages` body; a 400 naming each missing or malformed field. */
export function readMessagesEnvelope(body: unknown): AnthropicMessagesEnvelope {
  return readWith(AnthropicMessagesEnvelopeSchema, body, 'Anthropic Messages request');
}

/** The envelope of a `/v1/messages/count_tokens` body; a 400 naming each missing or malformed field. */
export function readCountTokensEnvelope(body: unknown): AnthropicCountTokensEnvelope {
  return readWith(AnthropicCountTokensEnvelopeSchema, body, 'Anthropic count_tokens request');
}
