import { UpstreamError } from './upstream-error';

/** The code of a provider answer that is not the shape its API documents (docs/tenancy-and-upstream-validation.md). */
export const UPSTREAM_INVALID_RESPONSE = 'upstream_invalid_response';

/**
 * 502 `upstream_invalid_response`: the provider answered (often 200) with a body, or a streamed event, that is not
 * the shape its API documents, or a stream that ended without its terminal event. An upstream failure like any
 * other: it matches `502` in `retry.on_status` and `fallback_on`, counts against the target's circuit, and is never
 * logged as a success or cached.
 */
export class UpstreamInvalidResponseError extends UpstreamError {
  constructor(provider: string, detail: string, cause?: unknown) {
    super({
      message: `The ${provider} provider's answer was malformed: ${detail}`,
      kind: 'status',
      status: 502,
      code: UPSTREAM_INVALID_RESPONSE,
      retryable: true,
      cause,
    });
  }
}
