import type { RequestContext } from '@sluice/queues';

/** The upstream request with the job's W3C trace context (`traceparent`, `tracestate`) added. */
export function withTraceHeaders<Request extends { headers: Record<string, string> }>(
  request: Request,
  context: RequestContext,
): Request {
  if (context.traceparent === undefined) return request;
  const headers: Record<string, string> = { ...request.headers, traceparent: context.traceparent };
  if (context.tracestate !== undefined) headers.tracestate = context.tracestate;
  return { ...request, headers };
}
