export { SluiceError, type ErrorType, type OpenAIErrorBody, type SluiceErrorOptions } from './sluice-error';
export {
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  type FieldProblem,
} from './request-errors';
export { GatewayTimeoutError, UnavailableError } from './service-errors';
export { UpstreamError, type UpstreamErrorOptions, type UpstreamFailureKind } from './upstream-error';
export { fromWireError, toWireError, type WireError } from './wire-error';
export { zodProblems } from './zod-problems';
