import type { NativeCall } from '@sluice/queues';
import type { Request } from 'express';
import { rawBodyText } from './raw-body';

const FORWARDED_HEADERS = ['anthropic-beta', 'anthropic-version'] as const;

/** A `/v1/messages` request as it came: the body's text, its Anthropic headers and its query string. */
export function nativeAnthropicCallOf(request: Request): NativeCall {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryAt = request.originalUrl.indexOf('?');
  return {
    dialect: 'anthropic',
    body: rawBodyText(request),
    headers,
    query: queryAt === -1 ? '' : request.originalUrl.slice(queryAt),
    loggedAsSent: false,
  };
}
