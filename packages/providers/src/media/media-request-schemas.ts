import { z } from 'zod';

/**
 * The JSON media bodies, checked only for what Sluice reads (docs/images-and-audio.md): the model it routes by and, for
 * speech, the text it prices. Every other field goes to the provider as it came, for the provider to judge.
 */
export const ImageGenerationRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1),
  n: z.number().int().positive().optional(),
  size: z.string().optional(),
  quality: z.string().optional(),
});
export type ImageGenerationRequest = z.infer<typeof ImageGenerationRequestSchema>;

export const SpeechRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.string().min(1),
});
export type SpeechRequest = z.infer<typeof SpeechRequestSchema>;
