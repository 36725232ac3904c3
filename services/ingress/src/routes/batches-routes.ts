import { BatchEndpointSchema } from '@sluice/batches';
import { InvalidRequestError } from '@sluice/errors';
import { authorizeBatchLines, namedConfig, virtualKeyOf } from '@sluice/governance';
import { parseInput } from '@sluice/json-input';
import { Router } from 'express';
import { z } from 'zod';
import type { AsyncWork } from '../async/async-work';
import { idempotencyKeyOf } from '../async/idempotency-key-of';
import { listPage } from '../async/list-page';
import { requestOwner } from '../async/request-owner';
import { readRequestContext } from '../read-request-context';

const COMPLETION_WINDOW_MS = { '24h': 24 * 3600_000 } as const;

const BatchCreateSchema = z.strictObject({
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

const BatchListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).optional(),
});

/** SPEC §4.3, mounted at /v1/batches, OpenAI's Batch API: create, read, list and cancel batches of requests from an uploaded JSONL file. */
export function batchesRoutes(work: AsyncWork): Router {
  const router = Router();
  router.post('/', async (request, response) => {
    const body = parseInput(BatchCreateSchema, request.body, 'batch');
    const { owner, scope } = requestOwner(request);
    const file = await work.files.get(body.input_file_id, scope);
    if (!file)
      throw new InvalidRequestError(
        `input_file_id: no file "${body.input_file_id}"; upload it with POST /v1/files (purpose "batch") first`,
        { param: 'input_file_id' },
      );
    if (file.purpose !== 'batch')
      throw new InvalidRequestError(`input_file_id: file "${file.id}" has purpose "${file.purpose}", not "batch"`, {
        param: 'input_file_id',
      });
    const key = virtualKeyOf(request)?.record;
    const lineConfig = await authorizeBatchLines(key, namedConfig(request.headers), work.files, {
      fileId: file.id,
      endpoint: body.endpoint,
      config: work.config(),
      maxLineChars: work.maxLineChars,
    });
    // Every line runs with the headers of this request (properties, user, metadata, key); each line is its own admission.
    const { requestedModel: _model, admissionId: _admission, ...context } = readRequestContext(request, '');
    const { batch } = await work.batches.create({
      owner,
      endpoint: body.endpoint,
      inputFileId: file.id,
      completionWindow: body.completion_window,
      metadata: body.metadata ?? null,
      context,
      configHeader: lineConfig,
      idempotencyKey: idempotencyKeyOf(request),
      windowMs: COMPLETION_WINDOW_MS[body.completion_window],
    });
    response.json(batch);
  });
  router.get('/', async (request, response) => {
    const query = parseInput(BatchListQuerySchema, request.query, 'batch list query');
    const page = await work.batches.list({ owner: requestOwner(request).scope, ...query });
    response.json(listPage(page.batches, page.hasMore));
  });
  router.get('/:id', async (request, response) => {
    response.json(await work.batches.get(String(request.params.id), requestOwner(request).scope));
  });
  router.post('/:id/cancel', async (request, response) => {
    const batch = await work.batches.cancel(String(request.params.id), requestOwner(request).scope);
    await work.stops.mark(batch.id);
    response.json(batch);
  });
  return router;
}
