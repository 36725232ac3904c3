import type { ErrorRequestHandler } from 'express';
import { anthropicErrorBody } from './anthropic-reply-format';
import { answerableError, type ErrorMiddlewareOptions } from './error-middleware';
import { RejectedRequestLog } from './rejected-request-log';

/** The paths that answer in Anthropic's dialect. */
const ANTHROPIC_PATH = /^\/v1\/messages(\/count_tokens)?\/?$/;

/**
 * Errors on `POST /v1/messages` (a malformed body, validation, routing, dispatch) in Anthropic's shape,
 * `{type: "error", error: {type, message}}`, so the Anthropic SDK raises its typed errors. Every other path
 * passes on to the OpenAI-shaped error middleware. Refused calls are logged.
 */
export function anthropicErrorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  const rejections = new RejectedRequestLog(options);
  return (error, request, response, next) => {
    if (!ANTHROPIC_PATH.test(request.path)) {
      next(error);
      return;
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const answer = answerableError(error, request, options);
    rejections.record(request, response, answer);
    response.status(answer.status).json(anthropicErrorBody(answer));
  };
}
