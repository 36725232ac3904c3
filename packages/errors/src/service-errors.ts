import { SluiceError } from './sluice-error';

/** 503: a backing service (Redis, the database) cannot be reached. */
export class UnavailableError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super({ message, code: 'service_unavailable', status: 503, type: 'unavailable', retryable: true, cause });
  }
}

/** 504: the request's deadline passed before an answer came. */
export class GatewayTimeoutError extends SluiceError {
  constructor(message: string) {
    super({ message, code: 'timeout', status: 504, type: 'timeout', retryable: true });
  }
}
