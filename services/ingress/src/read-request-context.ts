import { InvalidRequestError } from '@sluice/errors';
import { governanceOf } from '@sluice/governance';
import { parseJsonText } from '@sluice/json-input';
import { readTraceContext } from '@sluice/observability';
import type { RequestContext } from '@sluice/queues';
import type { Request } from 'express';
import { z } from 'zod';
import type { Admission } from './governance/admission/admission';

const PROPERTY_PREFIX = 'x-sluice-property-';
const MetadataSchema = z.record(z.string(), z.unknown());

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The x-sluice-* request headers (SPEC §5) that travel with the job into the log, and what admission recorded of the
 * call (its key, holds, config version and prompt); without an admission, what authentication found.
 */
export function readRequestContext(request: Request, requestedModel: string, admission?: Admission): RequestContext {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(PROPERTY_PREFIX) && typeof value === 'string' && name.length > PROPERTY_PREFIX.length) {
      properties[name.slice(PROPERTY_PREFIX.length)] = value;
    }
  }
  const trace = readTraceContext({
    traceparent: header(request, 'traceparent'),
    tracestate: header(request, 'tracestate'),
    sluiceTraceId: header(request, 'x-sluice-trace-id'),
  });
  return {
    requestedModel,
    userId: header(request, 'x-sluice-user-id'),
    sessionId: header(request, 'x-sluice-session-id'),
    ...trace,
    metadata: readMetadata(header(request, 'x-sluice-metadata')),
    properties,
    omitBodies: header(request, 'x-sluice-omit-bodies') === 'true',
    ip: request.ip,
    ...(admission ? admission.logged : governedContext(request)),
  };
}

/** The key that authentication found. */
function governedContext(request: Request): Partial<RequestContext> {
  const governance = governanceOf(request);
  if (!governance) return {};
  const principal = governance.principal;
  return { virtualKeyId: principal.kind === 'virtual-key' ? principal.key.record.id : undefined };
}

function readMetadata(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed = parseJsonText(raw, { subject: 'x-sluice-metadata', root: 'x-sluice-metadata' });
  const result = MetadataSchema.safeParse(parsed);
  if (!result.success)
    throw new InvalidRequestError('x-sluice-metadata must be a JSON object', { param: 'x-sluice-metadata' });
  return result.data;
}
