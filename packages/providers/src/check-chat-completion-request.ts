import { z } from 'zod';
import { type ChatCompletionRequest, ChatCompletionRequestSchema } from './openai-chat-schema';

/** ChatCompletionRequestSchema with its messages only counted: each is checked by isPlainTextMessage instead. */
const ChatEnvelopeSchema = ChatCompletionRequestSchema.extend({ messages: z.array(z.unknown()).min(1) });

const PLAIN_ROLES: ReadonlySet<unknown> = new Set(['system', 'developer', 'user', 'assistant']);

/**
 * A turn ChatMessageSchema accepts without walking it: a system, developer, user or assistant message with text
 * content, a name only as a string, and no tool calls, refusal or cache breakpoint. Anything else is left to the
 * schema.
 */
function isPlainTextMessage(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { role, content, name, tool_calls, refusal, cache_control } = message as Record<string, unknown>;
  return (
    PLAIN_ROLES.has(role) &&
    typeof content === 'string' &&
    (name === undefined || typeof name === 'string') &&
    tool_calls === undefined &&
    refusal === undefined &&
    cache_control === undefined
  );
}

/**
 * ChatCompletionRequestSchema's check of a request body, with the same outcome and the same problems, without the
 * schema's walk of every message when each is a plain text turn: an agent's 48-turn conversation is then read for its
 * fields only, not copied message by message (BENCHMARKS.md, issue #17). A body with any other message, or one the
 * check refuses, goes through the whole schema, whose problems are reported.
 */
export function checkChatCompletionRequest(body: unknown): z.ZodSafeParseResult<ChatCompletionRequest> {
  const messages = (body as { messages?: unknown } | null | undefined)?.messages;
  if (Array.isArray(messages) && messages.every(isPlainTextMessage)) {
    const envelope = ChatEnvelopeSchema.safeParse(body);
    if (envelope.success) return { success: true, data: envelope.data as ChatCompletionRequest };
  }
  return ChatCompletionRequestSchema.safeParse(body);
}
