import { InvalidRequestError } from '@sluice/errors';
import { parseJsonText } from '@sluice/json-input';
import express, { type Request, type RequestHandler } from 'express';
import { keepRawBody } from '../raw-body';

const UTF8 = /^utf-?8$/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;
const FIRST_CHARACTER = /^[\s]*(.)/;

/**
 * The ingress's one JSON body parser, for every route that takes JSON. It reads the body (decompressing it, refusing
 * more than `limitBytes` with a 413), then parses it with parseJsonText: nesting bounded before parsing, NULs and
 * lone surrogates refused with a 400 naming the field. Like express.json in strict mode, the body must be an object
 * or an array, an empty body is `{}`, and a request without a body leaves `request.body` unset. With `keepBytes`,
 * the decoded text stays readable through rawBodyText, for routes that forward the body as it came.
 */
export function jsonBodyParser(options: { limitBytes: number; keepBytes?: boolean }): RequestHandler {
  const readRaw = express.raw({ type: () => true, limit: options.limitBytes });
  return (request, response, next) =>
    readRaw(request, response, (error?: unknown) => {
      if (error) return next(error);
      try {
        parseRawBody(request, options.keepBytes === true);
      } catch (thrown) {
        return next(thrown);
      }
      next();
    });
}

/** The body express.raw read, parsed as the JSON body parser describes; throws a 400 for a body it refuses. */
function parseRawBody(request: Request, keepBytes: boolean): void {
  const body: unknown = request.body;
  if (!Buffer.isBuffer(body)) return;
  request.body = undefined;
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && charset !== '' && !UTF8.test(charset)) {
    throw new InvalidRequestError(`The request body is in ${charset.slice(0, 40)}; send UTF-8 JSON.`, {
      code: 'unsupported_encoding',
    });
  }
  const text = body.toString('utf8').replace(/^\ufeff/, '');
  if (keepBytes) keepRawBody(request, text);
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first === undefined) {
    request.body = {};
    return;
  }
  if (first !== '{' && first !== '[') {
    throw new InvalidRequestError('The request body is not valid JSON: send a JSON object.', {
      code: 'invalid_json',
    });
  }
  request.body = parseJsonText(text, { subject: 'The request body', root: '' });
}
