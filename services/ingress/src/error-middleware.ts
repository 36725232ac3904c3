import { InvalidRequestError, NotFoundError, PayloadTooLargeError, SluiceError } from '@sluice/errors';
import type { Logger } from '@sluice/observability';
import type { ErrorRequestHandler, RequestHandler } from 'express';

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
    return new InvalidRequestError('The request body encoding is not supported; send UTF-8 JSON.', { code: 'unsupported_encoding' });
  }
  const readable = parserError?.expose === true || error instanceof URIError;
  if (readable && typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return new InvalidRequestError('The request could not be read: check its Content-Encoding, body and URL encoding.', { code: 'unreadable_request' });
  }
  return undefined;
}

/** The one place errors become HTTP answers, always in OpenAI's error shape. */
export function errorMiddleware(logger: Logger, bodyLimit: number): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const clientError = toClientError(error, bodyLimit);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (clientError) {
      response.status(clientError.status).json(clientError.toOpenAIError());
      return;
    }
    logger.error({ err: error, path: request.path }, 'unhandled error');
    response.status(500).json({
      error: { message: 'Sluice hit an internal error; it has been logged.', type: 'api_error', code: 'internal_error', param: null },
    });
  };
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new NotFoundError(`Unknown route: ${request.method} ${request.path}`, 'unknown_route'));
};
