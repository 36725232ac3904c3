import { z } from 'zod';

/**
 * The OpenAI Responses API request (`POST /v1/responses`), as far as Sluice reads it. Every object is loose:
 * fields Sluice does not know (Codex's `client_metadata`…) are accepted and reach native upstreams as sent.
 * See docs/responses-api.md.
 */
const InputTextSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const OutputTextSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const RefusalSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const InputImageSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.enum(['auto', 'low', 'high']).nullable().optional(),
});
const InputFileSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullable().optional(),
  file_id: z.string().nullable().optional(),
  file_url: z.string().nullable().optional(),
  filename: z.string().nullable().optional(),
});
const OtherPartSchema = z.looseObject({ type: z.string().min(1) });
export const ResponsesContentPartSchema = z.union([
  InputTextSchema,
  OutputTextSchema,
  RefusalSchema,
  InputImageSchema,
  InputFileSchema,
  OtherPartSchema,
]);
export type ResponsesContentPart = z.infer<typeof ResponsesContentPartSchema>;

export const MessageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  id: z.string().optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(ResponsesContentPartSchema)]),
  status: z.string().optional(),
});
export type MessageItem = z.infer<typeof MessageItemSchema>;

export const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
  arguments: z.string(),
  status: z.string().optional(),
});
export type FunctionCallItem = z.infer<typeof FunctionCallItemSchema>;

export const FunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  id: z.string().nullable().optional(),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(ResponsesContentPartSchema)]),
  status: z.string().nullable().optional(),
});
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItemSchema>;

export const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().optional(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).default([]),
  content: z
    .array(z.looseObject({ type: z.string(), text: z.string() }))
    .nullable()
    .optional(),
  encrypted_content: z.string().nullable().optional(),
});
export type ReasoningItem = z.infer<typeof ReasoningItemSchema>;

const OtherItemSchema = z.looseObject({ type: z.string().min(1) });

/** One input item: a message (with or without `type`), a function call or its output, a reasoning item, or another. */
export const InputItemSchema = z.union([
  MessageItemSchema,
  FunctionCallItemSchema,
  FunctionCallOutputItemSchema,
  ReasoningItemSchema,
  OtherItemSchema,
]);
export type InputItem = z.infer<typeof InputItemSchema>;

export const FunctionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});
export type FunctionTool = z.infer<typeof FunctionToolSchema>;

export const NamespaceToolSchema = z.looseObject({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().min(1) })),
});
export type NamespaceTool = z.infer<typeof NamespaceToolSchema>;

const OtherToolSchema = z.looseObject({ type: z.string().min(1) });
export const ResponsesToolSchema = z.union([FunctionToolSchema, NamespaceToolSchema, OtherToolSchema]);
export type ResponsesTool = z.infer<typeof ResponsesToolSchema>;

export const ResponsesToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.string().min(1), name: z.string().optional() }),
]);
export type ResponsesToolChoice = z.infer<typeof ResponsesToolChoiceSchema>;

export const TextFormatSchema = z.union([
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().nullable().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);
export type TextFormat = z.infer<typeof TextFormatSchema>;

export const ResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(InputItemSchema)]).optional(),
  instructions: z.string().nullable().optional(),
  tools: z.array(ResponsesToolSchema).nullable().optional(),
  tool_choice: ResponsesToolChoiceSchema.nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  text: z
    .looseObject({ format: TextFormatSchema.nullable().optional(), verbosity: z.string().nullable().optional() })
    .nullable()
    .optional(),
  reasoning: z
    .looseObject({
      effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional(),
      summary: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  max_output_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  user: z.string().nullable().optional(),
  store: z.boolean().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  background: z.boolean().nullable().optional(),
  previous_response_id: z.string().nullable().optional(),
  include: z.array(z.string()).nullable().optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  service_tier: z.string().nullable().optional(),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequestSchema>;
