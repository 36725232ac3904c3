import { z } from 'zod';

/**
 * What a semantic entry carries in the vector store: the question's text (for the guard) and the
 * exact entry whose body answers it. The body itself lives once, in Redis, under that key.
 */
export const SemanticEntryPayloadSchema = z.object({
  text: z.string(),
  entryKey: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SemanticEntryPayload = z.infer<typeof SemanticEntryPayloadSchema>;
