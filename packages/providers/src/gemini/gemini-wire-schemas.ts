import { z } from 'zod';

/** Gemini API (v1beta) response shapes (docs: generateContent, embedContent, errors), validated on receipt. */
export const GeminiFunctionCallSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).optional(),
});

export const GeminiResponsePartSchema = z.looseObject({
  text: z.string().optional(),
  /** A thought summary: reasoning, never part of the answer. */
  thought: z.boolean().optional(),
  functionCall: GeminiFunctionCallSchema.optional(),
});
export type GeminiResponsePart = z.infer<typeof GeminiResponsePartSchema>;

export const GeminiCandidateSchema = z.looseObject({
  content: z
    .looseObject({ role: z.string().optional(), parts: z.array(GeminiResponsePartSchema).optional() })
    .optional(),
  finishReason: z.string().optional(),
  index: z.number().int().nonnegative().optional(),
});
export type GeminiCandidate = z.infer<typeof GeminiCandidateSchema>;

export const GeminiUsageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().int().nonnegative().optional(),
  candidatesTokenCount: z.number().int().nonnegative().optional(),
  cachedContentTokenCount: z.number().int().nonnegative().optional(),
  thoughtsTokenCount: z.number().int().nonnegative().optional(),
  toolUsePromptTokenCount: z.number().int().nonnegative().optional(),
  totalTokenCount: z.number().int().nonnegative().optional(),
});
export type GeminiUsageMetadata = z.infer<typeof GeminiUsageMetadataSchema>;

const GeminiResponseFieldsSchema = z.looseObject({
  candidates: z.array(GeminiCandidateSchema).optional(),
  promptFeedback: z.looseObject({ blockReason: z.string().optional() }).optional(),
  usageMetadata: GeminiUsageMetadataSchema.optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});
export type GeminiGenerateContentResponse = z.infer<typeof GeminiResponseFieldsSchema>;

/** A generateContent answer: candidates, or a blocked prompt's promptFeedback; anything else is malformed. */
export const GeminiGenerateContentResponseSchema = GeminiResponseFieldsSchema.refine(
  (response) => response.candidates !== undefined || response.promptFeedback !== undefined,
  { message: 'a generateContent answer has candidates or promptFeedback', path: ['candidates'] },
);

/** One streamGenerateContent event: a partial answer, which may carry only the usage. */
export const GeminiStreamChunkSchema = GeminiResponseFieldsSchema.refine(
  (response) =>
    response.candidates !== undefined || response.promptFeedback !== undefined || response.usageMetadata !== undefined,
  { message: 'a streamed event has candidates, promptFeedback or usageMetadata', path: ['candidates'] },
);

const GeminiEmbeddingSchema = z.looseObject({ values: z.array(z.number()) });
export const GeminiEmbedContentResponseSchema = z.looseObject({
  embedding: GeminiEmbeddingSchema,
  usageMetadata: z.looseObject({ promptTokenCount: z.number().int().nonnegative().optional() }).optional(),
});
export const GeminiBatchEmbedContentsResponseSchema = z.looseObject({
  embeddings: z.array(GeminiEmbeddingSchema),
  usageMetadata: z.looseObject({ promptTokenCount: z.number().int().nonnegative().optional() }).optional(),
});

export const GeminiErrorSchema = z.looseObject({
  code: z.number().int().optional(),
  message: z.string().optional(),
  status: z.string().optional(),
  details: z.array(z.looseObject({ '@type': z.string().optional(), retryDelay: z.string().optional() })).optional(),
});
export type GeminiError = z.infer<typeof GeminiErrorSchema>;
export const GeminiErrorBodySchema = z.looseObject({ error: GeminiErrorSchema });
