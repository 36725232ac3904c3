import { z } from 'zod';

/**
 * The endpoints that carry images or audio, as a provider job's `kind` and the log's `endpoint`
 * (docs/images-and-audio.md).
 */
export const MEDIA_KINDS = [
  'image_generation',
  'image_edit',
  'image_variation',
  'speech',
  'transcription',
  'translation',
] as const;
export const MediaKindSchema = z.enum(MEDIA_KINDS);
export type MediaKind = z.infer<typeof MediaKindSchema>;

/** One uploaded file, kept in Redis once under `key` (a media blob) until its request is over. */
export const UploadedFileSchema = z.object({
  /** The form field it came in (`file`, `image`, `image[]`, `mask`). */
  field: z.string(),
  filename: z.string(),
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  key: z.string().min(1),
});
export type UploadedFile = z.infer<typeof UploadedFileSchema>;

/**
 * A multipart request as it came: its form fields in order (repeats kept) and its files by reference, so the worker
 * sends the provider the same form with only the model replaced.
 */
export const MediaUploadSchema = z.object({
  fields: z.array(z.tuple([z.string(), z.string()])),
  files: z.array(UploadedFileSchema),
});
export type MediaUpload = z.infer<typeof MediaUploadSchema>;

/** What a media answer is billed by (docs/images-and-audio.md, "Cost"): images, audio seconds or characters spoken. */
export const MediaUsageSchema = z.object({
  images: z.number().int().nonnegative().optional(),
  /** `1024x1024`, as the request or the answer named it. */
  image_size: z.string().optional(),
  /** `standard`, `hd`, `low`, `medium`, `high`, as the request or the answer named it. */
  image_quality: z.string().optional(),
  audio_seconds: z.number().nonnegative().optional(),
  characters: z.number().int().nonnegative().optional(),
});
export type MediaUsage = z.infer<typeof MediaUsageSchema>;
