import { InvalidRequestError } from '@sluice/errors';
import { z } from 'zod';
import { BatchEndpointSchema } from './check-batch-line';
import type { FileObject } from './file-object';
import type { FileStore } from './file-store';

/** `POST /v1/batches` body (OpenAI's Batch API). */
export const BatchCreateSchema = z.strictObject({
  input_file_id: z.string().min(1),
  endpoint: BatchEndpointSchema,
  completion_window: z.enum(['24h']),
  metadata: z
    .record(z.string().max(64), z.string().max(512))
    .refine((metadata) => Object.keys(metadata).length <= 16, 'at most 16 keys')
    .nullable()
    .optional(),
  output_expires_after: z.unknown().optional(),
});
export type BatchCreate = z.infer<typeof BatchCreateSchema>;

/** How long each completion window lets a batch run. */
export const COMPLETION_WINDOW_MS = { '24h': 24 * 3600_000 } as const;

/** `GET /v1/batches` query. */
export const BatchListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});

/** `GET /v1/files` query. */
export const FileListQuerySchema = z.strictObject({
  purpose: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  after: z.string().min(1).optional(),
  order: z.literal('desc').optional(),
});

/** A batch's input file, visible within `scope` and uploaded for `batch`; a 400 naming input_file_id otherwise. */
export async function batchInputFile(files: FileStore, id: string, scope: string | undefined): Promise<FileObject> {
  const file = await files.get(id, scope);
  if (!file)
    throw new InvalidRequestError(
      `input_file_id: no file "${id}"; upload it with POST /v1/files (purpose "batch") first`,
      { param: 'input_file_id' },
    );
  if (file.purpose !== 'batch')
    throw new InvalidRequestError(`input_file_id: file "${file.id}" has purpose "${file.purpose}", not "batch"`, {
      param: 'input_file_id',
    });
  return file;
}
