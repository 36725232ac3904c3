import type { ErrorCode } from './error-codes';
import { type RelayedCode, SluiceError } from './sluice-error';

export interface FieldProblem {
  path: string;
  message: string;
}

/** 400: the request is malformed; every bad field is named. */
export class InvalidRequestError extends SluiceError {
  readonly problems: readonly FieldProblem[];

  constructor(
    message: string,
    options: { param?: string; code?: ErrorCode | RelayedCode; problems?: FieldProblem[] } = {},
  ) {
    super({
      message,
      code: options.code ?? 'invalid_request',
      status: 400,
      type: 'invalid_request_error',
      param: options.param ?? options.problems?.[0]?.path ?? null,
    });
    this.problems = options.problems ?? [];
  }

  static fromProblems(subject: string, problems: FieldProblem[]): InvalidRequestError {
    const listed = problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`).join('; ');
    return new InvalidRequestError(`Invalid ${subject}: ${listed}`, { problems });
  }
}

/** 401: no or unknown credentials. */
export class AuthenticationError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'invalid_api_key') {
    super({ message, code, status: 401, type: 'authentication_error' });
  }
}

/** 403: the credentials are valid but not for this. */
export class PermissionError extends SluiceError {
  constructor(message: string, code: ErrorCode | RelayedCode = 'permission_denied') {
    super({ message, code, status: 403, type: 'permission_error' });
  }
}

/** 404: no such route or resource. */
export class NotFoundError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'not_found') {
    super({ message, code, status: 404, type: 'not_found_error' });
  }
}

/** 409: the resource is in a state that does not allow this (cancelling a finished job or batch). */
export class ConflictError extends SluiceError {
  constructor(message: string, code: ErrorCode = 'conflict') {
    super({ message, code, status: 409, type: 'invalid_request_error' });
  }
}

/** 413: the request body is over the limit; `variable` is the setting that raises it. */
export class PayloadTooLargeError extends SluiceError {
  constructor(limitBytes: number, variable = 'SLUICE_BODY_LIMIT') {
    super({
      message: `Request body is larger than the ${limitBytes}-byte limit; send a smaller body or raise ${variable}.`,
      code: 'request_too_large',
      status: 413,
      type: 'request_too_large',
    });
  }
}
