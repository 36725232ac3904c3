import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';

/** GET /metrics: the Prometheus text exposition of the registry. */
export function metricsRoute(registry: Registry): RequestHandler {
  return async (_request, response) => {
    const text = await registry.metrics();
    response.setHeader('content-type', registry.contentType);
    response.send(text);
  };
}
