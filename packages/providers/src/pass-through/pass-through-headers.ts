/** Client headers a passed-through request carries; its credentials are Sluice's, never forwarded. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'anthropic-beta',
  'anthropic-version',
  'content-encoding',
  'content-length',
  'content-type',
  'idempotency-key',
  'openai-beta',
];

/** Provider response headers that describe the provider's connection, not the answer. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'set-cookie',
]);

/** The client's headers a passed-through request takes upstream (docs/http-api.md). */
export function forwardedRequestHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

/** The provider's response headers the client is given: all but those of the provider's own connection. */
export function relayedResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
): [string, string | string[]][] {
  return Object.entries(headers).filter(
    (entry): entry is [string, string | string[]] => entry[1] !== undefined && !HOP_BY_HOP.has(entry[0].toLowerCase()),
  );
}
