import { logScopeOf } from '@sluice/governance';
import type { ProviderQueues } from '@sluice/queues';
import { readQueueStates } from '@sluice/queues';
import { parseLogSummaryParams, type RequestLogReader } from '@sluice/request-log';
import { Router } from 'express';

export interface AnalyticsRoutesOptions {
  reader: RequestLogReader;
  queues: ProviderQueues;
  providerIds: () => string[];
}

/**
 * GET /v1/analytics/summary (SPEC §4.4: per bucket and group, requests, errors, tokens, cost, savings, latency
 * percentiles, cache hit rate; a virtual key's over its own requests only) and GET /v1/analytics/queues (each
 * provider queue's depth and rate-limit state). Mounted at /v1/analytics.
 */
export function analyticsRoutes(options: AnalyticsRoutesOptions): Router {
  const router = Router();
  router.get('/summary', async (request, response) => {
    response.json({
      object: 'analytics.summary',
      ...(await options.reader.summary(parseLogSummaryParams(request.query), logScopeOf(request))),
    });
  });
  router.get('/queues', async (_request, response) => {
    response.json({ object: 'list', data: await readQueueStates(options.queues, options.providerIds()) });
  });
  return router;
}
