import { checkJsonHeaderValues } from '@sluice/json-input';
import type { RequestHandler } from 'express';

/** Refuses a model call or job submission whose JSON headers break the body's rules (checkJsonHeaderValues). */
export const checkJsonHeaders: RequestHandler = (request, _response, next) => {
  checkJsonHeaderValues(request.headers);
  next();
};
