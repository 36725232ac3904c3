import { NotFoundError } from '@sluice/errors';
import { logScopeOf } from '@sluice/governance';
import { parseLogListParams, type RequestLogReader } from '@sluice/request-log';
import { Router } from 'express';

/**
 * GET /v1/logs (filters: from, to, model, provider, status, cache, user, property.<name>; limit and cursor) and
 * GET /v1/logs/:id (the full record, bodies included). Mounted at /v1/logs, so auth can be put in front of it.
 * A virtual key reads only its own requests; another key's id is a 404, as if it did not exist.
 */
export function logRoutes(reader: RequestLogReader): Router {
  const router = Router();
  router.get('/', async (request, response) => {
    const page = await reader.list(parseLogListParams(request.query), logScopeOf(request));
    response.json({ object: 'list', ...page });
  });
  router.get('/:id', async (request, response) => {
    const record = await reader.get(request.params.id, logScopeOf(request));
    if (record === undefined)
      throw new NotFoundError(`No request with id ${request.params.id} is in the log.`, 'log_not_found');
    response.json({ object: 'request_log', ...record });
  });
  return router;
}
