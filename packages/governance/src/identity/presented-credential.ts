import { GEMINI_PATH_PREFIX } from '@sluice/providers';

/** What credential reading looks at: the request's headers and its URL as sent (path and query). */
export interface CredentialCarrier {
  headers: Record<string, string | string[] | undefined>;
  originalUrl: string;
}

/**
 * The credential a client sent, in any of the ways SDKs send one: `Authorization: Bearer …` (OpenAI), `x-api-key`
 * (Anthropic), `api-key` (Azure OpenAI), `x-goog-api-key` or, on Gemini's paths only, `?key=` (Gemini), or, for
 * browsers on the admin pages, HTTP Basic with it as the password.
 */
export function presentedCredential(request: CredentialCarrier): string | undefined {
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
    geminiQueryKey(request.originalUrl)
  );
}

function geminiQueryKey(originalUrl: string): string | undefined {
  const [path = '', query = ''] = originalUrl.split('?');
  if (!path.toLowerCase().startsWith(GEMINI_PATH_PREFIX)) return undefined;
  return nonEmpty(new URLSearchParams(query).get('key') ?? undefined);
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
