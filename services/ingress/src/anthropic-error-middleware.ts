import type { ErrorRequestHandler } from 'express';
import { anthropicErrorBody } from './anthropic-reply-format';
import { type ErrorMiddlewareOptions, errorMiddleware } from './error-middleware';

/** The paths that answer in Anthropic's dialect. */
const ANTHROPIC_PATH = /^\/v1\/messages(\/count_tokens)?\/?$/;

/**
 * Errors on `POST /v1/messages` (a malformed body, validation, routing, dispatch) in Anthropic's shape,
 * `{type: "error", error: {type, message}}`, so the Anthropic SDK raises its typed errors. Every other path
 * passes on to the OpenAI-shaped error middleware. Refused calls are logged.
 */
export function anthropicErrorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  return errorMiddleware(options, {
    answers: (request) => ANTHROPIC_PATH.test(request.path),
    body: anthropicErrorBody,
  });
}
