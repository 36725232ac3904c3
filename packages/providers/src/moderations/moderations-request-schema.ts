import { z } from 'zod';

/** A `/v1/moderations` request: what Sluice reads (the model, when named; the input's presence). */
export const ModerationsRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  input: z.union([z.string(), z.array(z.unknown()).min(1)]),
});
export type ModerationsRequest = z.infer<typeof ModerationsRequestSchema>;

/** The model OpenAI moderates with when a request names none; Sluice routes and admits such a request by it. */
export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';
