import { z } from 'zod';

/**
 * What Sluice itself reads of a legacy `/v1/completions` body (docs/http-api.md): the model and whether it streams.
 * Accounts that serve completions receive the body as it came; only a translation to chat reads the rest.
 */
export const CompletionsEnvelopeSchema = z.looseObject({
  model: z.string().min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});
export type CompletionsEnvelope = z.infer<typeof CompletionsEnvelopeSchema>;

/** The fields of a completions request a translation to chat carries; any other field is refused, by name. */
export const TranslatableCompletionsRequestSchema = z.strictObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.unknown())]),
  max_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string())])
    .nullable()
    .optional(),
  presence_penalty: z.number().min(-2).max(2).nullable().optional(),
  frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
  logit_bias: z.record(z.string(), z.number()).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  user: z.string().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  suffix: z.string().nullable().optional(),
  echo: z.boolean().nullable().optional(),
  best_of: z.number().int().min(1).nullable().optional(),
  logprobs: z.number().int().nullable().optional(),
});
