import type { Request } from 'express';
import { GEMINI_PATH_PREFIX } from '../gemini-call-path';

/**
 * The credential a client sent, in any of the ways SDKs send one: `Authorization: Bearer …` (OpenAI), `x-api-key`
 * (Anthropic), `api-key` (Azure OpenAI), `x-goog-api-key` or, on Gemini's paths only, `?key=` (Gemini), or, for
 * browsers on the admin pages, HTTP Basic with it as the password.
 */
export function presentedCredential(request: Request): string | undefined {
  const authorization = single(request.headers.authorization)?.trim();
  if (authorization) {
    const [scheme, ...rest] = authorization.split(/\s+/);
    const value = rest.join(' ');
    if (scheme?.toLowerCase() === 'bearer' && value !== '') return value;
    if (scheme?.toLowerCase() === 'basic' && value !== '') return basicPassword(value);
  }
  return (
    nonEmpty(single(request.headers['x-api-key'])) ??
    nonEmpty(single(request.headers['api-key'])) ??
    nonEmpty(single(request.headers['x-goog-api-key'])) ??
    geminiQueryKey(request)
  );
}

/** Gemini clients may put the key in the URL (`?key=…`); Sluice takes it there on Gemini's paths only. */
function geminiQueryKey(request: Request): string | undefined {
  if (!`${request.baseUrl}${request.path}`.toLowerCase().startsWith(GEMINI_PATH_PREFIX)) return undefined;
  const key = new URLSearchParams(request.originalUrl.split('?')[1] ?? '').get('key');
  return nonEmpty(key ?? undefined);
}

function basicPassword(encoded: string): string | undefined {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : nonEmpty(decoded.slice(colon + 1));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
