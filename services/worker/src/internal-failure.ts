import { InternalError } from '@sluice/errors';
import { isRedisUnavailable } from '@sluice/queues';

/** Sluice's own failure for a request: a 503 when Redis could not be reached, a 500 otherwise. */
export function internalFailure(requestId: string, cause: unknown): InternalError {
  if (cause instanceof InternalError) return cause;
  return new InternalError({ requestId, cause, backingServiceDown: isRedisUnavailable(cause) });
}
