import { z } from 'zod';

/**
 * The Gemini API requests (v1beta: generateContent, countTokens, embedContent, batchEmbedContents) as Sluice reads them
 * when it translates them for another provider (docs/gemini-api.md). Loose objects: a field a schema does not name is
 * found by the translator, which refuses it by name.
 */
export const GeminiInboundPartSchema = z.looseObject({
  text: z.string().optional(),
  /** A thought summary the model wrote: reasoning, which no other provider takes back. */
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string().min(1), data: z.string() }).optional(),
  functionCall: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().min(1),
      args: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  functionResponse: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().min(1),
      response: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type GeminiInboundPart = z.infer<typeof GeminiInboundPartSchema>;

export const GeminiInboundContentSchema = z.looseObject({
  role: z.string().optional(),
  parts: z.array(GeminiInboundPartSchema),
});
export type GeminiInboundContent = z.infer<typeof GeminiInboundContentSchema>;

export const GeminiFunctionDeclarationSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** An OpenAPI subset with upper-case type names (`OBJECT`, `STRING`). */
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.record(z.string(), z.unknown()).optional(),
});
export type GeminiFunctionDeclaration = z.infer<typeof GeminiFunctionDeclarationSchema>;

export const GeminiGenerationConfigSchema = z.looseObject({
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  stopSequences: z.array(z.string()).optional(),
  candidateCount: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  responseJsonSchema: z.record(z.string(), z.unknown()).optional(),
  responseModalities: z.array(z.string()).optional(),
  thinkingConfig: z.record(z.string(), z.unknown()).optional(),
});
export type GeminiGenerationConfig = z.infer<typeof GeminiGenerationConfigSchema>;

export const GeminiGenerateContentRequestSchema = z.looseObject({
  contents: z.array(GeminiInboundContentSchema).min(1),
  systemInstruction: GeminiInboundContentSchema.optional(),
  tools: z
    .array(z.looseObject({ functionDeclarations: z.array(GeminiFunctionDeclarationSchema).optional() }))
    .optional(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.string().optional(), allowedFunctionNames: z.array(z.string()).optional() })
        .optional(),
    })
    .optional(),
  generationConfig: GeminiGenerationConfigSchema.optional(),
});
export type GeminiGenerateContentRequest = z.infer<typeof GeminiGenerateContentRequestSchema>;

export const GeminiEmbedContentRequestSchema = z.looseObject({
  model: z.string().optional(),
  content: GeminiInboundContentSchema,
  outputDimensionality: z.number().int().positive().optional(),
});
export type GeminiEmbedContentRequest = z.infer<typeof GeminiEmbedContentRequestSchema>;

export const GeminiBatchEmbedContentsRequestSchema = z.looseObject({
  requests: z.array(GeminiEmbedContentRequestSchema).min(1),
});
export type GeminiBatchEmbedContentsRequest = z.infer<typeof GeminiBatchEmbedContentsRequestSchema>;
