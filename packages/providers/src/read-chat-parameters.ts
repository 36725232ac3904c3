import { InvalidRequestError, zodProblems } from '@sluice/errors';
import { z } from 'zod';
import type { ChatCompletionRequest } from './openai-chat-schema';

/** Chat request parameters read the same way by every translating adapter. */

/** `stop` as a list: a string is one stop sequence. */
export function readStopSequences(request: ChatCompletionRequest): string[] {
  return typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
}

/** The output token limit: max_completion_tokens, else the older max_tokens. */
export function readMaxTokens(request: ChatCompletionRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

/** A tool_choice that demands a tool call needs tools to call. */
export function rejectToolChoiceWithoutTools(request: ChatCompletionRequest): void {
  const choice = request.tool_choice;
  if ((request.tools ?? []).length === 0 && choice !== undefined && choice !== 'none' && choice !== 'auto') {
    throw new InvalidRequestError('`tool_choice` requires `tools`.', { param: 'tool_choice' });
  }
}

const TopKSchema = z.number().int().nonnegative();

/**
 * `top_k`: not an OpenAI parameter, accepted as an extension because Anthropic and Gemini honour it
 * (and `/v1/messages` clients send it). OpenAI-speaking providers receive it as sent and answer for themselves.
 */
export function readTopK(request: ChatCompletionRequest): number | undefined {
  if (request.top_k === undefined || request.top_k === null) return undefined;
  const result = TopKSchema.safeParse(request.top_k);
  if (!result.success) throw new InvalidRequestError('`top_k` must be a non-negative integer.', { param: 'top_k' });
  return result.data;
}

const ResponseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().min(1),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/** `response_format` read in full: text, json_object, or json_schema with its schema. */
export function readResponseFormat(request: ChatCompletionRequest): ResponseFormat | undefined {
  if (request.response_format === undefined) return undefined;
  const result = ResponseFormatSchema.safeParse(request.response_format);
  if (result.success) return result.data;
  throw InvalidRequestError.fromProblems('response_format', zodProblems(result.error.issues, 'response_format'));
}
