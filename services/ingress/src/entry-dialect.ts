import type { EntryDialect } from '@sluice/routing';
import type { Request } from 'express';
import { GEMINI_PATH_PREFIX } from './gemini-call-path';

/** Anthropic's dialect for `/v1/messages` (and its token count), Gemini's under `/v1beta/`, OpenAI's for the rest. */
export function entryDialectOf(request: Request): EntryDialect {
  const path = `${request.baseUrl}${request.path}`.toLowerCase();
  if (path.startsWith('/v1/messages')) return 'anthropic';
  return path.startsWith(GEMINI_PATH_PREFIX) ? 'gemini' : 'openai';
}
