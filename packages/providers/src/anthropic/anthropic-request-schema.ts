import { z } from 'zod';
import { cacheControlField } from '../cache-control';

/**
 * The Anthropic Messages request (docs: Messages API), as Sluice sends it to Anthropic and as it
 * accepts it on `POST /v1/messages`. Only what Sluice translates is described; the rest passes as unknown keys.
 */
export const AnthropicTextBlockParamSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  ...cacheControlField,
});

const Base64SourceSchema = z.looseObject({
  type: z.literal('base64'),
  media_type: z.string().min(1),
  data: z.string().min(1),
});
const UrlSourceSchema = z.looseObject({ type: z.literal('url'), url: z.string().min(1) });
const TextSourceSchema = z.looseObject({ type: z.literal('text'), data: z.string() });

export const AnthropicImageBlockParamSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [Base64SourceSchema, UrlSourceSchema]),
  ...cacheControlField,
});
export const AnthropicDocumentBlockParamSchema = z.looseObject({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [Base64SourceSchema, UrlSourceSchema, TextSourceSchema]),
  ...cacheControlField,
});
export const AnthropicToolUseBlockParamSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  ...cacheControlField,
});
export const AnthropicToolResultBlockParamSchema = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([
      z.string(),
      z.array(
        z.discriminatedUnion('type', [
          AnthropicTextBlockParamSchema,
          AnthropicImageBlockParamSchema,
          AnthropicDocumentBlockParamSchema,
        ]),
      ),
    ])
    .optional(),
  is_error: z.boolean().optional(),
  ...cacheControlField,
});
const ThinkingBlockParamSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const RedactedThinkingBlockParamSchema = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const AnthropicContentBlockParamSchema = z.discriminatedUnion('type', [
  AnthropicTextBlockParamSchema,
  AnthropicImageBlockParamSchema,
  AnthropicDocumentBlockParamSchema,
  AnthropicToolUseBlockParamSchema,
  AnthropicToolResultBlockParamSchema,
  ThinkingBlockParamSchema,
  RedactedThinkingBlockParamSchema,
]);
export type AnthropicContentBlockParam = z.infer<typeof AnthropicContentBlockParamSchema>;

/** `system` as a role inside `messages`: the current Messages API accepts it (Claude Code sends one). */
export const AnthropicMessageParamSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(AnthropicContentBlockParamSchema)]),
});
export type AnthropicMessageParam = z.infer<typeof AnthropicMessageParamSchema>;

export const AnthropicToolSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.looseObject({ type: z.literal('object') }),
  strict: z.boolean().optional(),
  /** Tool search: the tool is not shown to the model until a search loads it. */
  defer_loading: z.boolean().optional(),
  type: z.literal('custom').nullish(),
  ...cacheControlField,
});
export type AnthropicTool = z.infer<typeof AnthropicToolSchema>;

const ParallelSchema = { disable_parallel_tool_use: z.boolean().optional() };
export const AnthropicToolChoiceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), ...ParallelSchema }),
  z.looseObject({ type: z.literal('any'), ...ParallelSchema }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), ...ParallelSchema }),
  z.looseObject({ type: z.literal('none') }),
]);
export type AnthropicToolChoice = z.infer<typeof AnthropicToolChoiceSchema>;

export const AnthropicOutputConfigSchema = z.looseObject({
  effort: z.string().nullish(),
  format: z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
});

export const AnthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(AnthropicMessageParamSchema).min(1),
  system: z.union([z.string(), z.array(AnthropicTextBlockParamSchema)]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  tools: z.array(AnthropicToolSchema).optional(),
  tool_choice: AnthropicToolChoiceSchema.optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  output_config: AnthropicOutputConfigSchema.optional(),
  thinking: z.looseObject({ type: z.string() }).optional(),
  context_management: z.unknown().optional(),
  /** Automatic caching: a breakpoint on the request's last cacheable block. */
  ...cacheControlField,
});
export type AnthropicMessagesRequest = z.infer<typeof AnthropicMessagesRequestSchema>;
