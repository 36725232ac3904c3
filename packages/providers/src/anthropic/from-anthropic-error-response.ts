import { UpstreamError } from '@sluice/errors';
import { parseRetryAfter } from '../parse-retry-after';
import { statusForAnthropicErrorType } from './anthropic-error-types';
import { type AnthropicErrorBody, AnthropicErrorBodySchema } from './anthropic-wire-schemas';

type Headers = Record<string, string | string[] | undefined>;

function readErrorBody(bodyText: string): AnthropicErrorBody | undefined {
  try {
    const result = AnthropicErrorBodySchema.safeParse(JSON.parse(bodyText));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Anthropic's `{type: 'error', error: {type, message}}` with the HTTP status it came with; 429 and
 * 529 overloaded_error are retryable, after Retry-After when Anthropic sends one.
 */
export function fromAnthropicErrorResponse(status: number, bodyText: string, headers: Headers): UpstreamError {
  const body = readErrorBody(bodyText);
  return new UpstreamError({
    message: body?.error.message || bodyText.slice(0, 500) || `anthropic answered HTTP ${status}`,
    kind: 'status',
    status,
    type: body?.error.type,
    retryAfterMs: parseRetryAfter(headers),
  });
}

/** An `error` event inside a stream (e.g. overloaded_error mid-answer), with the status its type stands for. */
export function fromAnthropicStreamError(body: AnthropicErrorBody): UpstreamError {
  return new UpstreamError({
    message: body.error.message || 'anthropic ended the stream with an error',
    kind: 'status',
    status: statusForAnthropicErrorType(body.error.type),
    type: body.error.type,
  });
}
