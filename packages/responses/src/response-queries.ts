import { z } from 'zod';

/** `GET /v1/responses/{id}` query: `stream=true` reads a background response as events after `starting_after`. */
export const ResponseRetrieveQuerySchema = z.looseObject({
  stream: z.enum(['true', 'false']).optional(),
  starting_after: z.coerce.number().int().min(-1).default(-1),
});

/** `GET /v1/responses/{id}/input_items` query. */
export const InputItemsQuerySchema = z.object({
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().optional(),
});
