import { UpstreamError } from '@sluice/errors';
import { parseRetryAfter } from '../parse-retry-after';

type Headers = Record<string, string | string[] | undefined>;

interface OpenAIErrorShape {
  error?: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } | string;
  message?: unknown;
}

/** OpenAI's `{error: {message, type, code, param}}`, or whatever text a compatible server sent. */
export function fromOpenAIErrorResponse(status: number, bodyText: string, headers: Headers): UpstreamError {
  let parsed: OpenAIErrorShape | undefined;
  try {
    parsed = JSON.parse(bodyText) as OpenAIErrorShape;
  } catch {
    parsed = undefined;
  }
  const detail = typeof parsed?.error === 'object' ? parsed.error : undefined;
  const message =
    (typeof detail?.message === 'string' && detail.message) ||
    (typeof parsed?.error === 'string' && parsed.error) ||
    (typeof parsed?.message === 'string' && parsed.message) ||
    bodyText.slice(0, 500) ||
    `upstream answered HTTP ${status}`;
  return new UpstreamError({
    message,
    kind: 'status',
    status,
    code: typeof detail?.code === 'string' ? detail.code : undefined,
    type: typeof detail?.type === 'string' ? detail.type : undefined,
    param: typeof detail?.param === 'string' ? detail.param : null,
    retryAfterMs: parseRetryAfter(headers),
  });
}
