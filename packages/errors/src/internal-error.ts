import { SluiceError } from './sluice-error';

export interface InternalErrorOptions {
  /** The request it happened to: the client's answer names it, so an operator can find the logged cause. */
  requestId: string;
  /** What went wrong; kept for the logs, never put in the message. */
  cause: unknown;
  /** A backing service (Redis, the database) was unreachable: 503, worth retrying later; otherwise 500. */
  backingServiceDown?: boolean;
}

/**
 * A failure of Sluice's own (Redis, reply delivery, a translator bug, any unexpected exception), never the
 * provider's: it is not retried, not counted against a provider's health, and its cause never reaches a client —
 * the client learns only the request id to quote (docs/failures-and-retries.md).
 */
export class InternalError extends SluiceError {
  readonly requestId: string;

  constructor(options: InternalErrorOptions) {
    const down = options.backingServiceDown === true;
    super({
      message: down
        ? `A service Sluice depends on is unavailable; request ${options.requestId} was not completed. Retry later.`
        : `Sluice hit an internal error handling request ${options.requestId}; it has been logged under that id.`,
      code: down ? 'service_unavailable' : 'internal_error',
      status: down ? 503 : 500,
      type: down ? 'unavailable' : 'api_error',
      retryable: down,
      cause: options.cause,
    });
    this.requestId = options.requestId;
  }
}
