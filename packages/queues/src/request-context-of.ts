import { InvalidRequestError } from '@sluice/errors';
import { parseJsonText } from '@sluice/json-input';
import { readTraceContext } from '@sluice/observability';
import { z } from 'zod';
import type { RequestContext } from './provider-job';

const PROPERTY_PREFIX = 'x-sluice-property-';
const MetadataSchema = z.record(z.string(), z.unknown());

/**
 * The x-sluice-* request headers (SPEC §5) that travel with a job into the log: properties, user, session, trace,
 * metadata (400 when it is no JSON object) and x-sluice-omit-bodies, with the client's address and what governance
 * recorded of the call (`governed`), in one object.
 */
export function requestContextOf(
  headers: Record<string, string | string[] | undefined>,
  ip: string | undefined,
  requestedModel: string,
  governed?: Partial<RequestContext>,
): RequestContext {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(PROPERTY_PREFIX) && typeof value === 'string' && name.length > PROPERTY_PREFIX.length) {
      properties[name.slice(PROPERTY_PREFIX.length)] = value;
    }
  }
  const trace = readTraceContext({
    traceparent: header('traceparent'),
    tracestate: header('tracestate'),
    sluiceTraceId: header('x-sluice-trace-id'),
  });
  return {
    requestedModel,
    userId: header('x-sluice-user-id'),
    sessionId: header('x-sluice-session-id'),
    ...trace,
    metadata: readMetadata(header('x-sluice-metadata')),
    properties,
    omitBodies: header('x-sluice-omit-bodies') === 'true',
    ip,
    ...governed,
  };
}

function readMetadata(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed = parseJsonText(raw, { subject: 'x-sluice-metadata', root: 'x-sluice-metadata' });
  const result = MetadataSchema.safeParse(parsed);
  if (!result.success)
    throw new InvalidRequestError('x-sluice-metadata must be a JSON object', { param: 'x-sluice-metadata' });
  return result.data;
}
