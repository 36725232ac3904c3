import {
  GatewayTimeoutError,
  InternalError,
  SluiceError,
  UPSTREAM_INVALID_RESPONSE,
  UpstreamError,
} from '@sluice/errors';
import type { Attempt } from '@sluice/queues';

/**
 * What the client is told when no target succeeded: a provider's own 4xx (including a 429 that outlasted every
 * retry, with its Retry-After) passes through, as does a request the translator refused (a 400 naming the
 * parameter the provider cannot honour); Sluice's own failure is a 500/503 naming only the request id; a timeout is
 * 504; a malformed last answer is 502 `upstream_invalid_response` (docs/tenancy-and-upstream-validation.md); anything
 * else is 502. Each lists every attempt.
 */
export function finalError(last: SluiceError, attempts: Attempt[], deadlinePassed: boolean): SluiceError {
  if (last instanceof InternalError) return last;
  if (last instanceof UpstreamError && last.kind === 'status' && last.status < 500) return last;
  if (!(last instanceof UpstreamError) && last.status < 500) return last;
  const listed = attempts
    .map(
      (attempt) =>
        `${attempt.provider}/${attempt.model}: ${attempt.status}${attempt.error ? ` (${attempt.error})` : ''}`,
    )
    .join('; ');
  if (deadlinePassed || (last instanceof UpstreamError && last.kind === 'timeout')) {
    return new GatewayTimeoutError(`no target answered in time. Attempts: ${listed || 'none'}`);
  }
  if (last.code === UPSTREAM_INVALID_RESPONSE) {
    return new SluiceError({
      message: `the provider's answer was malformed (not the shape its API documents). Attempts: ${listed}`,
      code: UPSTREAM_INVALID_RESPONSE,
      status: 502,
      type: 'upstream_error',
      retryable: true,
    });
  }
  return new SluiceError({
    message: `every target failed. Attempts: ${listed}`,
    code: 'all_targets_failed',
    status: 502,
    type: 'upstream_error',
    retryable: true,
  });
}
