import { randomUUID } from 'node:crypto';
import { InvalidRequestError, NotFoundError, PayloadTooLargeError, SluiceError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import { anthropicErrorBody, geminiErrorBody } from '@sluice/providers';
import type { EntryDialect } from '@sluice/routing';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { errorDialectAt } from './model-call-routes';
import { RejectedRequestLog, type RejectedRequestLogOptions, UNKNOWN_ROUTE } from './rejected-request-log';

interface BodyParserError {
  type?: string;
  limit?: number;
  /** http-errors from the body parser, URIErrors from the router (an undecodable body or path): a 4xx the client caused. */
  status?: number;
  expose?: boolean;
}

/** Maps a thrown value to the SluiceError the client sees; unknown failures become a generic 500. */
export function toClientError(error: unknown, bodyLimit: number): SluiceError | undefined {
  if (error instanceof SluiceError) return error;
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') {
    return new InvalidRequestError('The request body is not valid JSON.', { code: 'invalid_json' });
  }
  if (parserError?.type === 'entity.too.large') return new PayloadTooLargeError(parserError.limit ?? bodyLimit);
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return new InvalidRequestError('The request body encoding is not supported; send UTF-8 JSON.', {
      code: 'unsupported_encoding',
    });
  }
  const readable = parserError?.expose === true || error instanceof URIError;
  if (readable && typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return new InvalidRequestError(
      'The request could not be read: check its Content-Encoding, body and URL encoding.',
      { code: 'unreadable_request' },
    );
  }
  return undefined;
}

export interface ErrorMiddlewareOptions {
  logger: Logger;
  bodyLimit: number;
  /** Where refused model calls are logged (SPEC §7: the request log has every call). */
  events: RejectedRequestLogOptions['events'];
}

/**
 * The answer to a thrown value: the SluiceError the client sees, or a generic internal error that names only the id
 * under which the failure was logged (docs/failures-and-retries.md).
 */
export function answerableError(error: unknown, request: Request, options: ErrorMiddlewareOptions): SluiceError {
  const clientError = toClientError(error, options.bodyLimit);
  if (clientError) return clientError;
  const incidentId = `err_${randomUUID()}`;
  options.logger.error({ err: error, path: request.path, incidentId }, 'unhandled error');
  return new SluiceError({
    message: `Sluice hit an internal error; it is logged as ${incidentId}.`,
    code: 'internal_error',
    status: 500,
    type: 'api_error',
  });
}

/** Each dialect's error body: OpenAI's `{error: {…}}`, Anthropic's `{type: "error", …}`, Gemini's `{error: {code, …}}`. */
const ERROR_BODIES: Record<EntryDialect, (error: SluiceError) => unknown> = {
  openai: (error) => error.toOpenAIError(),
  anthropic: anthropicErrorBody,
  gemini: geminiErrorBody,
};

/**
 * Errors become HTTP answers here, in the dialect of the request's route (errorDialectAt: the route table's, so that
 * each SDK raises its typed errors); refused model calls are logged. After the headers were sent, nothing can be
 * answered: the connection is cut.
 */
export function errorMiddleware(options: ErrorMiddlewareOptions): ErrorRequestHandler {
  const rejections = new RejectedRequestLog(options);
  return (error, request, response, _next) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const answer = answerableError(error, request, options);
    rejections.record(request, response, answer);
    response.status(answer.status).json(ERROR_BODIES[errorDialectAt(request.path)](answer));
  };
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new NotFoundError(`Unknown route: ${request.method} ${request.path}`, UNKNOWN_ROUTE));
};
