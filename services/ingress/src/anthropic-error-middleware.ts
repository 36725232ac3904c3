import type { Logger } from '@sluice/observability';
import { toAnthropicErrorBody } from '@sluice/providers';
import type { ErrorRequestHandler } from 'express';
import { anthropicErrorBody } from './anthropic-reply-format';
import { toClientError } from './error-middleware';

/** The paths that answer in Anthropic's dialect. */
const ANTHROPIC_PATH = /^\/v1\/messages\/?$/;

/**
 * Errors on `POST /v1/messages` (a malformed body, validation, routing, dispatch) in Anthropic's shape,
 * `{type: "error", error: {type, message}}`, so the Anthropic SDK raises its typed errors. Every other path
 * passes on to the OpenAI-shaped error middleware.
 */
export function anthropicErrorMiddleware(logger: Logger, bodyLimit: number): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (!ANTHROPIC_PATH.test(request.path)) {
      next(error);
      return;
    }
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const clientError = toClientError(error, bodyLimit);
    if (clientError) {
      response.status(clientError.status).json(anthropicErrorBody(clientError));
      return;
    }
    logger.error({ err: error, path: request.path }, 'unhandled error');
    response.status(500).json(toAnthropicErrorBody(500, 'Sluice hit an internal error; it has been logged.'));
  };
}
