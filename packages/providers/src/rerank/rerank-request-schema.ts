import { z } from 'zod';

/**
 * A `/v1/rerank` request in the Cohere/Jina body shape (docs/http-api.md). Sluice checks the shape and forwards the
 * body as it came; other fields (Cohere's `max_tokens_per_doc`, Jina's extras) travel untouched.
 */
export const RerankRequestSchema = z.looseObject({
  model: z.string().min(1),
  query: z.string(),
  documents: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).min(1),
  top_n: z.number().int().positive().optional(),
  return_documents: z.boolean().optional(),
});
export type RerankRequest = z.infer<typeof RerankRequestSchema>;
