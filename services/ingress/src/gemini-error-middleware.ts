import type { ErrorRequestHandler } from 'express';
import { answerableError, type ErrorMiddlewareOptions } from './error-middleware';
import { GEMINI_PATH_PREFIX } from './gemini-call-path';
import { geminiErrorBody } from './gemini-reply-format';
import { RejectedRequestLog } from './rejected-request-log';

/**
 * Errors on Gemini's paths (`/v1beta/…`: a malformed body, validation, authentication, routing, dispatch, an unknown
 * method) in Gemini's shape, `{error: {code, message, status}}`, so `@google/genai` raises its ApiError with them.
 * Every other path passes on. Refused calls are logged.
 */
export function geminiErrorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  const rejections = new RejectedRequestLog(options);
  return (error, request, response, next) => {
    if (!request.path.toLowerCase().startsWith(GEMINI_PATH_PREFIX)) {
      next(error);
      return;
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const answer = answerableError(error, request, options);
    rejections.record(request, response, answer);
    response.status(answer.status).json(geminiErrorBody(answer));
  };
}
