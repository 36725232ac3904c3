import {
  type AsyncWork,
  BatchCreateSchema,
  BatchListQuerySchema,
  batchInputFile,
  COMPLETION_WINDOW_MS,
} from '@sluice/batches';
import { authorizeBatchLines, namedConfig, virtualKeyOf } from '@sluice/governance';
import { parseInput } from '@sluice/json-input';
import { Router } from 'express';
import { idempotencyKeyOf } from '../async/idempotency-key-of';
import { listPage } from '../async/list-page';
import { requestOwner } from '../async/request-owner';
import { readRequestContext } from '../read-request-context';

/** SPEC §4.3, mounted at /v1/batches, OpenAI's Batch API: create, read, list and cancel batches of requests from an uploaded JSONL file. */
export function batchesRoutes(work: AsyncWork): Router {
  const router = Router();
  router.post('/', async (request, response) => {
    const body = parseInput(BatchCreateSchema, request.body, 'batch');
    const { owner, scope } = requestOwner(request);
    const file = await batchInputFile(work.files, body.input_file_id, scope);
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
