import { z } from 'zod';

/** Anthropic Messages API response shapes (docs: Messages, Streaming Messages), validated on receipt. */
export const AnthropicUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type AnthropicUsage = z.infer<typeof AnthropicUsageSchema>;

export const AnthropicTextBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string() });
export const AnthropicToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});
export const AnthropicThinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().optional(),
});
export const AnthropicRedactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});
/** Server-tool blocks and others: read past, never translated. */
const OtherBlockSchema = z.looseObject({ type: z.string() });

export const AnthropicContentBlockSchema = z.union([
  AnthropicTextBlockSchema,
  AnthropicToolUseBlockSchema,
  AnthropicThinkingBlockSchema,
  AnthropicRedactedThinkingBlockSchema,
  OtherBlockSchema,
]);
export type AnthropicContentBlock = z.infer<typeof AnthropicContentBlockSchema>;

export const AnthropicMessageSchema = z.looseObject({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(AnthropicContentBlockSchema),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsageSchema,
});
export type AnthropicMessage = z.infer<typeof AnthropicMessageSchema>;

export const AnthropicErrorBodySchema = z.looseObject({
  type: z.literal('error'),
  error: z.looseObject({ type: z.string(), message: z.string() }),
});
export type AnthropicErrorBody = z.infer<typeof AnthropicErrorBodySchema>;

/** message_delta usage: cumulative, output_tokens always, the input counts on newer API versions. */
const DeltaUsageSchema = z.looseObject({
  output_tokens: z.number().int().nonnegative(),
  input_tokens: z.number().int().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});

const TextDeltaSchema = z.looseObject({ type: z.literal('text_delta'), text: z.string() });
const InputJsonDeltaSchema = z.looseObject({ type: z.literal('input_json_delta'), partial_json: z.string() });
const ThinkingDeltaSchema = z.looseObject({ type: z.literal('thinking_delta'), thinking: z.string() });
const SignatureDeltaSchema = z.looseObject({ type: z.literal('signature_delta'), signature: z.string() });
/** citations_delta and others. */
const OtherDeltaSchema = z.looseObject({ type: z.string() });

export const AnthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message_start'), message: AnthropicMessageSchema }),
  z.looseObject({
    type: z.literal('content_block_start'),
    index: z.number().int(),
    content_block: AnthropicContentBlockSchema,
  }),
  z.looseObject({
    type: z.literal('content_block_delta'),
    index: z.number().int(),
    delta: z.union([
      TextDeltaSchema,
      InputJsonDeltaSchema,
      ThinkingDeltaSchema,
      SignatureDeltaSchema,
      OtherDeltaSchema,
    ]),
  }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number().int() }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: DeltaUsageSchema,
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  AnthropicErrorBodySchema,
]);
export type AnthropicStreamEvent = z.infer<typeof AnthropicStreamEventSchema>;

export const ANTHROPIC_STREAM_EVENT_TYPES: ReadonlySet<string> = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);
