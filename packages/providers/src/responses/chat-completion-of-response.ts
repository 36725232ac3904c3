import { z } from 'zod';
import type { ChatCompletion, FinishReason } from '../openai-response-types';
import { fromResponseUsage } from './to-response-usage';

/** What the chat form reads of a response object a native account wrote; every other field and item is let through. */
const NativeResponseSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  created_at: z.number(),
  model: z.string(),
  status: z.string().optional(),
  output: z.array(
    z.looseObject({
      type: z.string(),
      content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
      call_id: z.string().optional(),
      name: z.string().optional(),
      arguments: z.string().optional(),
    }),
  ),
  usage: z
    .looseObject({
      input_tokens: z.number(),
      output_tokens: z.number(),
      total_tokens: z.number().optional(),
      input_tokens_details: z
        .object({ cached_tokens: z.number() })
        .nullish()
        .transform((details) => details ?? undefined),
      output_tokens_details: z
        .object({ reasoning_tokens: z.number() })
        .nullish()
        .transform((details) => details ?? undefined),
    })
    .nullish(),
});

/**
 * A response object as a native account wrote it, in chat completion form — its output text, function calls, finish
 * and usage — or undefined when it is not a response object. What the request log and the price of a cache hit read
 * of a Responses answer the cache keeps as it came (docs/responses-api.md).
 */
export function chatCompletionOfResponse(response: unknown): ChatCompletion | undefined {
  const parsed = NativeResponseSchema.safeParse(response);
  if (!parsed.success) return undefined;
  const { output, usage } = parsed.data;
  const text = output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content ?? [])
    .flatMap((part) => (part.type === 'output_text' && part.text !== undefined ? [part.text] : []))
    .join('');
  const calls = output
    .filter((item) => item.type === 'function_call')
    .map((item) => ({
      id: item.call_id ?? '',
      type: 'function' as const,
      function: { name: item.name ?? '', arguments: item.arguments ?? '' },
    }));
  const finish: FinishReason =
    parsed.data.status === 'incomplete' ? 'length' : calls.length > 0 ? 'tool_calls' : 'stop';
  const chatUsage = fromResponseUsage(usage ?? undefined);
  return {
    id: parsed.data.id,
    object: 'chat.completion',
    created: parsed.data.created_at,
    model: parsed.data.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' ? null : text,
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        finish_reason: finish,
      },
    ],
    ...(chatUsage ? { usage: chatUsage } : {}),
  };
}
