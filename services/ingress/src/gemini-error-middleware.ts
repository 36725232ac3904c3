import type { ErrorRequestHandler } from 'express';
import { type ErrorMiddlewareOptions, errorMiddleware } from './error-middleware';
import { GEMINI_PATH_PREFIX } from './gemini-call-path';
import { geminiErrorBody } from './gemini-reply-format';

/**
 * Errors on Gemini's paths (`/v1beta/…`: a malformed body, validation, authentication, routing, dispatch, an unknown
 * method) in Gemini's shape, `{error: {code, message, status}}`, so `@google/genai` raises its ApiError with them.
 * Every other path passes on. Refused calls are logged.
 */
export function geminiErrorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  return errorMiddleware(options, {
    answers: (request) => request.path.toLowerCase().startsWith(GEMINI_PATH_PREFIX),
    body: geminiErrorBody,
  });
}
