import type { EntryDialect } from '@sluice/routing';
import type { Request } from 'express';

/** Anthropic's dialect for `/v1/messages` (and `/v1/messages/count_tokens`), OpenAI's for every other route. */
export function entryDialectOf(request: Request): EntryDialect {
  return `${request.baseUrl}${request.path}`.toLowerCase().startsWith('/v1/messages') ? 'anthropic' : 'openai';
}
