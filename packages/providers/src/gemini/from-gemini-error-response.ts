import { UpstreamError } from '@sluice/errors';
import { parseRetryAfter } from '../parse-retry-after';
import { type GeminiError, GeminiErrorBodySchema } from './gemini-wire-schemas';

type Headers = Record<string, string | string[] | undefined>;

/** Gemini's error body, also when a stream wraps it in an array. */
export function readGeminiError(body: unknown): GeminiError | undefined {
  const result = GeminiErrorBodySchema.safeParse(Array.isArray(body) ? body[0] : body);
  return result.success ? result.data.error : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** google.rpc.RetryInfo's retryDelay ("37s", "1.5s") in milliseconds. */
function retryDelayOf(error: GeminiError | undefined): number | undefined {
  const delay = error?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const seconds = delay === undefined ? Number.NaN : Number.parseFloat(delay);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

function toUpstreamError(
  status: number,
  error: GeminiError | undefined,
  fallback: string,
  retryAfterMs?: number,
): UpstreamError {
  return new UpstreamError({
    message: error?.message || fallback,
    kind: 'status',
    status,
    code: error?.status?.toLowerCase(),
    retryAfterMs: retryAfterMs ?? retryDelayOf(error),
  });
}

/**
 * Gemini's `{error: {code, message, status, details}}` with its HTTP status; the code is Google's status
 * (`resource_exhausted`, `invalid_argument`, …), the wait Retry-After or else the RetryInfo detail.
 */
export function fromGeminiErrorResponse(status: number, bodyText: string, headers: Headers): UpstreamError {
  const error = readGeminiError(parseJson(bodyText));
  return toUpstreamError(
    status,
    error,
    bodyText.slice(0, 500) || `gemini answered HTTP ${status}`,
    parseRetryAfter(headers),
  );
}

/** An error object sent as a stream event, with the status its `code` names (500 without one). */
export function fromGeminiStreamError(error: GeminiError): UpstreamError {
  return toUpstreamError(error.code ?? 500, error, 'gemini ended the stream with an error');
}
