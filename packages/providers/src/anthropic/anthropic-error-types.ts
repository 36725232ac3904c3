/** Anthropic's error `type` values and the HTTP status each is sent with (docs: API errors). */
export const ANTHROPIC_ERROR_STATUS = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
} as const;

export type AnthropicErrorType = keyof typeof ANTHROPIC_ERROR_STATUS;

const TYPE_BY_STATUS = new Map<number, AnthropicErrorType>(
  Object.entries(ANTHROPIC_ERROR_STATUS).map(([type, status]) => [status, type as AnthropicErrorType]),
);

/** The Anthropic error type for a status: exact when Anthropic uses it, else invalid_request_error (4xx) or api_error. */
export function anthropicErrorTypeForStatus(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS.get(status) ?? (status >= 400 && status < 500 ? 'invalid_request_error' : 'api_error');
}

/** The HTTP status an Anthropic error type stands for (an in-stream `error` event has no status of its own). */
export function statusForAnthropicErrorType(type: string): number {
  return type in ANTHROPIC_ERROR_STATUS ? ANTHROPIC_ERROR_STATUS[type as AnthropicErrorType] : 500;
}
