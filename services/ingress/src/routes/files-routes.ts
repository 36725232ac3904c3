import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AsyncWork, FileListQuerySchema, type FileObject, readFileUpload } from '@sluice/batches';
import { InvalidRequestError, NotFoundError } from '@sluice/errors';
import { parseInput } from '@sluice/json-input';
import { type Request, Router } from 'express';
import { listPage } from '../async/list-page';
import { requestOwner } from '../async/request-owner';

/**
 * SPEC §4.3, OpenAI's Files API for batch input and output: upload (multipart, streamed to the database), read,
 * list, delete and download (streamed chunk by chunk). Mounted at /v1/files, before the JSON body parser.
 */
export function filesRoutes(work: AsyncWork): Router {
  const router = Router();
  router.post('/', async (request, response) => {
    const { owner } = requestOwner(request);
    const upload = await readFileUpload(request, work.files, owner, work.fileMaxBytes);
    if (!upload.file) throw new InvalidRequestError('The upload has no `file` part.', { param: 'file' });
    if (upload.fields.purpose !== 'batch') {
      await upload.file.abort();
      throw new InvalidRequestError(
        `purpose must be "batch" (got ${JSON.stringify(upload.fields.purpose ?? null)}); Sluice stores files for the Batch API.`,
        { param: 'purpose' },
      );
    }
    response.json(await upload.file.finish());
  });
  router.get('/', async (request, response) => {
    const query = parseInput(FileListQuerySchema, request.query, 'file list query');
    const page = await work.files.list({
      owner: requestOwner(request).scope,
      purpose: query.purpose,
      limit: query.limit,
      after: query.after,
    });
    response.json(listPage(page.files, page.hasMore));
  });
  router.get('/:id', async (request, response) => {
    response.json(await visibleFile(work, request));
  });
  router.delete('/:id', async (request, response) => {
    const file = await visibleFile(work, request);
    await work.files.delete(file.id);
    response.json({ id: file.id, object: 'file', deleted: true });
  });
  router.get('/:id/content', async (request, response) => {
    const file = await visibleFile(work, request);
    response.setHeader('content-type', 'application/octet-stream');
    response.setHeader('content-length', String(file.bytes));
    response.setHeader('content-disposition', `attachment; filename="${file.filename.replaceAll('"', '')}"`);
    await pipeline(Readable.from(work.files.chunks(file.id)), response);
  });
  return router;
}

async function visibleFile(work: AsyncWork, request: Request): Promise<FileObject> {
  const id = String(request.params.id);
  const file = await work.files.get(id, requestOwner(request).scope);
  if (!file) throw new NotFoundError(`No file found with id '${id}'.`, 'file_not_found');
  return file;
}
