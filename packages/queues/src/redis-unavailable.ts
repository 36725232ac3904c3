import { UnavailableError } from '@sluice/errors';

/** Error replies of a Redis that is up but cannot serve yet: loading its data after a restart, mid-failover. */
const NOT_SERVING = /^(LOADING|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH']);

/** ioredis's own messages for a command that could not reach the server. */
const CONNECTION_MESSAGES = ["Stream isn't writeable", 'Connection is closed', 'Reached the max retries per request'];

/**
 * Whether a failed Redis command failed because Redis was unreachable or not serving (so the same command may
 * succeed once it is back), as opposed to a bad command or a bug.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  if (NOT_SERVING.test(error.message)) return true;
  return CONNECTION_MESSAGES.some((message) => error.message.startsWith(message));
}
