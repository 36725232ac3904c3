import { InvalidRequestError } from '@sluice/errors';
import type { RequestHandler } from 'express';

const ENCODED_NUL = /%00/i;

/**
 * A NUL character in the URL (`%00`) is refused up front with a 400: no id, path or filter legitimately holds one,
 * and PostgreSQL cannot store or compare text that does.
 */
export const rejectNulCharacters: RequestHandler = (request, _response, next) => {
  if (ENCODED_NUL.test(request.originalUrl) || request.originalUrl.includes('\u0000')) {
    throw new InvalidRequestError('The request URL contains a NUL character (%00); remove it.', {
      code: 'invalid_url',
    });
  }
  next();
};
