import { z } from 'zod';

/** Documents one rerank search covers (Cohere's billing unit: one query over up to 100 documents). */
export const DOCUMENTS_PER_SEARCH = 100;

const RerankAnswerSchema = z.looseObject({
  meta: z.looseObject({ billed_units: z.looseObject({ search_units: z.number().int().nonnegative() }) }).optional(),
  usage: z.looseObject({ total_tokens: z.number().int().nonnegative() }).nullable().optional(),
});

/** What a rerank answer is billed: its searches, and the tokens a token-priced server (Jina, vLLM) reports. */
export interface RerankUsage {
  searchUnits: number;
  tokens: number;
}

/**
 * Reads a rerank answer's bill: Cohere's `meta.billed_units.search_units` when it sends them, else one search per
 * 100 documents of the request; `usage.total_tokens` when the server counts tokens.
 */
export function rerankUsage(answer: unknown, documents: number): RerankUsage {
  const parsed = RerankAnswerSchema.safeParse(answer);
  const billed = parsed.success ? parsed.data.meta?.billed_units.search_units : undefined;
  return {
    searchUnits: billed ?? Math.max(1, Math.ceil(documents / DOCUMENTS_PER_SEARCH)),
    tokens: (parsed.success ? parsed.data.usage?.total_tokens : undefined) ?? 0,
  };
}
