import { z } from 'zod';
import { cacheControlField } from './cache-control';

/**
 * The OpenAI Chat Completions request: Sluice's canonical request. Unknown parameters pass through.
 * `cache_control` (a prompt-cache breakpoint) may sit on content parts, tool calls and tools, and on a
 * message, where it marks the message's last block (LiteLLM's form for string content and tool results).
 */
const TextPartSchema = z.looseObject({ type: z.literal('text'), text: z.string(), ...cacheControlField });
const ImagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
  ...cacheControlField,
});
const OtherPartSchema = z.looseObject({ type: z.string().min(1), ...cacheControlField });
export const ContentPartSchema = z.union([TextPartSchema, ImagePartSchema, OtherPartSchema]);
export type ContentPart = z.infer<typeof ContentPartSchema>;

export const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
  ...cacheControlField,
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

const MessageContentSchema = z.union([z.string(), z.array(ContentPartSchema)]);

export const ChatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({
    role: z.literal('system'),
    content: MessageContentSchema,
    name: z.string().optional(),
    ...cacheControlField,
  }),
  z.looseObject({
    role: z.literal('developer'),
    content: MessageContentSchema,
    name: z.string().optional(),
    ...cacheControlField,
  }),
  z.looseObject({
    role: z.literal('user'),
    content: MessageContentSchema,
    name: z.string().optional(),
    ...cacheControlField,
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: MessageContentSchema.nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    refusal: z.string().nullable().optional(),
    ...cacheControlField,
  }),
  z.looseObject({
    role: z.literal('tool'),
    content: MessageContentSchema,
    tool_call_id: z.string().min(1),
    ...cacheControlField,
  }),
  z.looseObject({
    role: z.literal('function'),
    content: z.string().nullable(),
    name: z.string(),
    ...cacheControlField,
  }),
]);
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
  ...cacheControlField,
});
export type Tool = z.infer<typeof ToolSchema>;

export const ToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

export const ChatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessageSchema).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  user: z.string().optional(),
  response_format: z.looseObject({ type: z.string() }).optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  /** Anthropic's automatic caching: a breakpoint on the request's last cacheable block. */
  ...cacheControlField,
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

export const EmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int()).min(1)).min(1),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  user: z.string().optional(),
});
export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;
