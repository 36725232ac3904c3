/**
 * Anthropic error replies: `{"type": "error", "error": {"type", "message"}, "request_id"}`
 * with the error type fixed by the HTTP status (529 = `overloaded_error`).
 */
import { randomId } from './echo-answer';
import type { JsonReply } from './simulator-exchange';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

const errorTypeByStatus: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const defaultMessageByType: Record<AnthropicErrorType, string> = {
  invalid_request_error: 'Simulated invalid request.',
  authentication_error: 'invalid x-api-key',
  billing_error: 'Your credit balance is too low to access the Anthropic API.',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'Not Found',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error:
    'This request would exceed the rate limit for your organization of 1 requests per minute. Please try again later.',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out.',
  overloaded_error: 'Overloaded',
};

export function anthropicResponseHeaders(): Record<string, string> {
  return { 'request-id': randomId('req_011C', 20) };
}

export function anthropicError(status: number, message?: string): JsonReply {
  const type = errorTypeByStatus[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const headers = anthropicResponseHeaders();
  return {
    status,
    headers,
    body: {
      type: 'error',
      error: { type, message: message ?? defaultMessageByType[type] },
      request_id: headers['request-id'] ?? null,
    },
  };
}

export function anthropicInvalidRequest(message: string): JsonReply {
  return anthropicError(400, message);
}

/** 401 when `x-api-key` is missing or wrong. */
export function anthropicAuthenticationError(presentedKey: string | undefined): JsonReply {
  return anthropicError(401, presentedKey === undefined ? 'x-api-key header is required' : 'invalid x-api-key');
}
