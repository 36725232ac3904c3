import { z } from 'zod';
import type { FinishReason } from '../openai-response-types';

/**
 * OpenAI's chat completion, chunk and embeddings answers (docs: Chat Completions, Embeddings), validated on receipt
 * for what Sluice reads — the answer's choices, messages, tool calls, finish reasons, usage and model — and
 * permissive elsewhere: extra fields pass, fields OpenAI-compatible servers leave out are optional.
 */
const count = z.number().nonnegative();
const optionalCount = count.nullish().transform((value) => value ?? undefined);

/** `object` is not read, and not checked: Azure's first chunk says `""`. */
function objectName<Name extends string>(name: Name) {
  return z
    .unknown()
    .optional()
    .transform((): Name => name);
}

export const OpenAIUsageSchema = z
  .looseObject({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: optionalCount,
    prompt_tokens_details: z
      .looseObject({ cached_tokens: optionalCount, cache_creation_tokens: optionalCount })
      .nullish()
      .transform((value) => value ?? undefined),
    completion_tokens_details: z
      .looseObject({ reasoning_tokens: optionalCount })
      .nullish()
      .transform((value) => value ?? undefined),
  })
  .transform((usage) => ({
    ...usage,
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  }));

const KNOWN_FINISH_REASONS: ReadonlySet<string> = new Set([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
]);

/** A finish reason OpenAI does not document (some compatible servers send `eos`, `abort`…) reads as `stop`. */
export function readFinishReason(value: string | null | undefined): FinishReason | null {
  if (value === null || value === undefined) return null;
  return KNOWN_FINISH_REASONS.has(value) ? (value as FinishReason) : 'stop';
}

const FinishReasonSchema = z.string().nullish().transform(readFinishReason);

const OpenAIToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const OpenAIChatCompletionSchema = z.looseObject({
  id: z.string(),
  object: objectName('chat.completion'),
  created: z.number().default(0),
  model: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().nonnegative().default(0),
        message: z.looseObject({
          role: z.literal('assistant').default('assistant'),
          content: z
            .string()
            .nullish()
            .transform((value) => value ?? null),
          tool_calls: z
            .array(OpenAIToolCallSchema)
            .nullish()
            .transform((value) => value ?? undefined),
          refusal: z.string().nullish(),
        }),
        finish_reason: FinishReasonSchema,
      }),
    )
    .min(1),
  usage: OpenAIUsageSchema.nullish().transform((value) => value ?? undefined),
});

const OpenAIToolCallDeltaSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  id: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
  type: z
    .literal('function')
    .nullish()
    .transform((value) => value ?? undefined),
  function: z
    .looseObject({
      name: z
        .string()
        .nullish()
        .transform((value) => value ?? undefined),
      arguments: z
        .string()
        .nullish()
        .transform((value) => value ?? undefined),
    })
    .nullish()
    .transform((value) => value ?? undefined),
});

/** One streamed chunk. `delta` may be absent: Azure's asynchronous content filter sends choices without one. */
export const OpenAIChatChunkSchema = z.looseObject({
  id: z.string().default(''),
  object: objectName('chat.completion.chunk'),
  created: z.number().default(0),
  model: z.string().default(''),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nonnegative().default(0),
      delta: z
        .looseObject({
          role: z
            .literal('assistant')
            .nullish()
            .transform((value) => value ?? undefined),
          content: z.string().nullish(),
          tool_calls: z
            .array(OpenAIToolCallDeltaSchema)
            .nullish()
            .transform((value) => value ?? undefined),
          refusal: z.string().nullish(),
        })
        .prefault({}),
      finish_reason: FinishReasonSchema,
    }),
  ),
  usage: OpenAIUsageSchema.nullish(),
});

/** `{"error": {...}}`: how OpenAI and compatible servers report a failure inside a stream. */
export const OpenAIStreamErrorSchema = z.looseObject({
  error: z.union([z.looseObject({ message: z.string().optional() }), z.string()]),
});

export const OpenAIEmbeddingsResponseSchema = z.looseObject({
  object: objectName('list'),
  data: z.array(
    z.looseObject({
      object: objectName('embedding'),
      index: z.number().int().nonnegative(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  model: z.string().optional(),
  usage: z
    .looseObject({ prompt_tokens: count, total_tokens: optionalCount })
    .nullish()
    .transform((usage) => ({
      prompt_tokens: usage?.prompt_tokens ?? 0,
      total_tokens: usage?.total_tokens ?? usage?.prompt_tokens ?? 0,
    })),
});
