import type { EntryDialect } from '@sluice/routing';
import type { Request } from 'express';
import { modelCallRouteAt } from './model-call-routes';

/** The dialect of the request's model-call route (docs/http-api.md); OpenAI's for any other request. */
export function entryDialectOf(request: Request): EntryDialect {
  return modelCallRouteAt(request.method, `${request.baseUrl}${request.path}`)?.dialect ?? 'openai';
}
