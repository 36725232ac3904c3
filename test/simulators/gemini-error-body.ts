/**
 * Gemini (Google API) error replies: `{"error": {"code", "message", "status", "details"?}}`
 * where `status` is the google.rpc.Code name for the HTTP status.
 */
import type { JsonReply } from './simulator-exchange';

const statusNameByCode: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const defaultMessageByCode: Record<number, string> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: 'You exceeded your current quota, please check your plan and billing details.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'Deadline expired before operation could complete.',
};

export function geminiError(code: number, message?: string, details?: unknown[]): JsonReply {
  const error: Record<string, unknown> = {
    code,
    message: message ?? defaultMessageByCode[code] ?? 'Unknown error.',
    status: statusNameByCode[code] ?? (code >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION'),
  };
  if (details !== undefined) error.details = details;
  return { status: code, body: { error } };
}

export function geminiInvalidArgument(message: string): JsonReply {
  return geminiError(400, message);
}

/** The reply to a scripted failure; 429 carries a RetryInfo detail as the real API does. */
export function geminiFailure(code: number, retryAfterSeconds: number | undefined): JsonReply {
  if (code !== 429) return geminiError(code);
  return geminiError(429, undefined, [
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds ?? 1}s` },
  ]);
}

/**
 * Google's real answers for API keys: a missing key is 403 PERMISSION_DENIED and a
 * wrong key is 400 INVALID_ARGUMENT with reason API_KEY_INVALID (Gemini has no 401 for keys).
 */
export function geminiAuthenticationError(presentedKey: string | undefined): JsonReply {
  if (presentedKey === undefined || presentedKey === '') {
    return geminiError(
      403,
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
  return geminiError(400, 'API key not valid. Please pass a valid API key.', [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
  ]);
}
