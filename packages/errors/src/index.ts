export { ERROR_CODES, type ErrorCode } from './error-codes';
export { InternalError, type InternalErrorOptions } from './internal-error';
export {
  AuthenticationError,
  ConflictError,
  type FieldProblem,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
} from './request-errors';
export { GatewayTimeoutError, UnavailableError } from './service-errors';
export {
  type ErrorType,
  type OpenAIErrorBody,
  type RelayedCode,
  SluiceError,
  type SluiceErrorOptions,
} from './sluice-error';
export { UpstreamError, type UpstreamErrorOptions, type UpstreamFailureKind } from './upstream-error';
export { UPSTREAM_INVALID_RESPONSE, UpstreamInvalidResponseError } from './upstream-invalid-response-error';
export { fromWireError, toWireError, type WireError } from './wire-error';
export { zodProblems } from './zod-problems';
